package io.github.nightlymigration.newapp;

import io.github.nightlymigration.Progress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key, index and foreign-key build as one step of the progress board: statements done of all, and
 * what is being built now (several at once when tables build side by side). Safe to use from several threads.
 */
final class BuildProgress {
    static final String STEP = "keys, indexes, foreign keys";

    private static final Pattern CONSTRAINT = Pattern.compile("^ALTER TABLE (\\S+) ADD CONSTRAINT (\\S+) (\\w+)");
    private static final Pattern VALIDATE = Pattern.compile("^ALTER TABLE (\\S+) VALIDATE CONSTRAINT (\\S+)");
    private static final Pattern INDEX = Pattern.compile("^CREATE (?:UNIQUE )?INDEX (\\S+) ON");
    private static final Pattern ANALYZE = Pattern.compile("^ANALYZE (\\S+)");

    private final Progress progress;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();

    BuildProgress(Progress progress, long total) {
        this.progress = progress;
        this.total = total;
        progress.update(STEP, 0, total, "");
    }

    /** For statements that are not the build (the drops of an in-place run). */
    static BuildProgress silent() {
        return new BuildProgress(Progress.NONE, 0);
    }

    /** Runs the statements in order on one connection, each shown on the board while it runs. */
    void execute(Connection c, List<String> statements) throws SQLException {
        execute(c, statements, null);
    }

    /** The same, with the statement in {@code cancellable} while it runs, so that another worker's failure can cancel it. */
    void execute(Connection c, List<String> statements, Set<Statement> cancellable) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (cancellable != null) cancellable.add(s);
            try {
                executeEach(s, statements);
            } finally {
                if (cancellable != null) cancellable.remove(s);
            }
        }
    }

    private void executeEach(Statement s, List<String> statements) throws SQLException {
        for (String sql : statements) {
            String what = label(sql);
            running.put(what, true);
            report();
            try {
                s.execute(sql);
            } finally {
                running.remove(what);
            }
            done.incrementAndGet();
            report();
        }
    }

    private void report() {
        progress.update(STEP, done.get(), total, String.join(", ", running.keySet()));
    }

    /** "index comments_request_id_idx", "key users_pkey", "foreign key ... (checking)": what an operator can recognise. */
    static String label(String sql) {
        Matcher m = CONSTRAINT.matcher(sql);
        if (m.find()) return ("FOREIGN".equals(m.group(3)) ? "foreign key " : "key ") + m.group(2);
        m = VALIDATE.matcher(sql);
        if (m.find()) return "checking foreign key " + m.group(2);
        m = INDEX.matcher(sql);
        if (m.find()) return "index " + m.group(1);
        m = ANALYZE.matcher(sql);
        if (m.find()) return "statistics of " + m.group(1);
        return sql.length() > 40 ? sql.substring(0, 40) + "…" : sql;
    }
}
