package io.github.nightlymigration.runbook;

import static io.github.nightlymigration.newapp.db.Tables.COMMENTS;
import static io.github.nightlymigration.newapp.db.Tables.REQUEST_EVENTS;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.engine.Databases;
import io.github.nightlymigration.engine.RunLock;
import io.github.nightlymigration.report.RunHistory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Ad hoc questions for notebook 04, each answered as a Tablesaw table. Read-only on both databases:
 * the old side inside a read-only snapshot, the new side in a read-only transaction that is rolled back.
 * Free queries take SQL text with {@code ?} bind parameters or a jOOQ query, run as one query under the
 * guards of {@link ReadOnlyQuery} and a statement timeout ({@link #timeout}), and keep at most
 * {@link #rowLimit} rows, saying so in the table's name when they cut.
 */
public final class Inspection {
    /** Rows a free query keeps unless told otherwise. */
    public static final int DEFAULT_ROW_LIMIT = 10_000;
    /** How long a free query may run on the server unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Each old table, and the new tables one of its rows becomes (a comment becomes a comment or an audit event). */
    private static final Map<String, List<String>> NEW_TABLES_OF = new LinkedHashMap<>();

    static {
        NEW_TABLES_OF.put("organizations", List.of("groups"));
        NEW_TABLES_OF.put("users", List.of("users"));
        NEW_TABLES_OF.put("assignments", List.of("memberships"));
        NEW_TABLES_OF.put("orders", List.of("requests"));
        NEW_TABLES_OF.put("comments", List.of("comments", "request_events"));
        NEW_TABLES_OF.put("notifications", List.of("notifications"));
    }

    private final MigratorSettings settings;
    private final int rowLimit;
    private final Duration timeout;

    public Inspection(MigratorSettings settings) {
        this(settings, DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT);
    }

    private Inspection(MigratorSettings settings, int rowLimit, Duration timeout) {
        if (rowLimit < 1) throw new IllegalArgumentException("a row limit is at least 1, got " + rowLimit);
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a query timeout is between 1 ms and 24 days, got " + timeout);
        }
        this.settings = settings;
        this.rowLimit = rowLimit;
        this.timeout = timeout;
    }

    /** The same inspection with another row limit for free queries. */
    public Inspection rowLimit(int rows) {
        return new Inspection(settings, rows, timeout);
    }

    /** The same inspection with another statement timeout for free queries (the server cancels them after it). */
    public Inspection timeout(Duration limit) {
        return new Inspection(settings, rowLimit, limit);
    }

    /** Free query on the old database: SQL text with {@code ?} bind parameters. */
    public Table oldQuery(String sql, Object... binds) {
        return old(free(dsl -> dsl.resultQuery(sql, binds)), firstLine(sql));
    }

    /** Free query on the new database: SQL text with {@code ?} bind parameters. */
    public Table newQuery(String sql, Object... binds) {
        return target(free(dsl -> dsl.resultQuery(sql, binds)), firstLine(sql));
    }

    /** A jOOQ query (built with {@code DSL.select(...)}, no connection needed) run on the old database. */
    public Table oldQuery(ResultQuery<?> query) {
        return old(free(dsl -> attached(dsl, query)), firstLine(query.getSQL()));
    }

    /** A jOOQ query run on the new database. */
    public Table newQuery(ResultQuery<?> query) {
        return target(free(dsl -> attached(dsl, query)), firstLine(query.getSQL()));
    }

    /** Old rows of each table beside the new rows they became (the old app is live: it may have moved since the run). */
    public Table oldAndNewCounts() {
        Table counts = Validation.counts(settings);
        Map<String, Long> rows = new java.util.HashMap<>();
        for (int i = 0; i < counts.rowCount(); i++) {
            rows.put(counts.stringColumn("side").get(i) + "." + counts.stringColumn("table").get(i), counts.longColumn("rows").get(i));
        }
        Table t = Table.create("old rows and the new rows they became", StringColumn.create("old_table"),
                LongColumn.create("old rows"), LongColumn.create("new rows"), StringColumn.create("new_tables"));
        NEW_TABLES_OF.forEach((old, news) -> {
            t.stringColumn(0).append(old);
            t.longColumn(1).append(rows.getOrDefault("old." + old, 0L));
            t.longColumn(2).append(news.stream().mapToLong(n -> rows.getOrDefault("new." + n, 0L)).sum());
            t.stringColumn(3).append(String.join(" + ", news));
        });
        return t;
    }

    /** New side: person comments and audit events per month (what the comment/audit split produced). */
    public Table commentsAndEventsByMonth() {
        var commentMonth = DSL.field("to_char({0}, 'YYYY-MM')", String.class, COMMENTS.INSERTED_AT);
        var eventMonth = DSL.field("to_char({0}, 'YYYY-MM')", String.class, REQUEST_EVENTS.INSERTED_AT);
        return target(c -> DSL.using(c, SQLDialect.POSTGRES)
                .select(commentMonth.as("month"), DSL.inline("comments").as("kind"), DSL.count().as("rows"))
                .from(COMMENTS).groupBy(commentMonth)
                .unionAll(DSL.select(eventMonth, DSL.inline("audit events"), DSL.count())
                        .from(REQUEST_EVENTS).groupBy(eventMonth))
                .orderBy(DSL.field(DSL.name("month")), DSL.field(DSL.name("kind"))).fetch(),
                "comments and audit events by month");
    }

    /**
     * The nights (runs that published, or that a guard refused): when, outcome, duration, rows read, and refused
     * or accepted shrinks; {@code dropped} marks a night that read over 10% fewer rows than the last published
     * night before it (rows vanishing from the old app, or a wrong source); {@code changed_rows}, the rows the night
     * changed against the live tables (its change set; empty when it compared nothing). Other runs: {@link #otherRuns}.
     */
    public static Table runHistory(Path stateDir) {
        Table t = Table.create("nightly runs (published or refused)", StringColumn.create("run"),
                StringColumn.create("status"), DoubleColumn.create("duration_s"), LongColumn.create("rows_read"),
                BooleanColumn.create("dropped"), StringColumn.create("night_over_night"), LongColumn.create("changed_rows"));
        Long lastPublished = null;
        for (RunHistory.Run run : RunHistory.runs(stateDir, RunLock.holder(stateDir) != null)) {
            if (!run.outcome().night()) continue;
            t.stringColumn(0).append(run.folder());
            t.stringColumn(1).append(run.outcome().label + (run.shrinkAccepted() ? ", shrink accepted" : "")
                    + (run.changesAccepted() ? ", changes accepted" : ""));
            t.doubleColumn(2).append(run.durationSeconds());
            t.longColumn(3).append(run.rowsRead());
            t.booleanColumn(4).append(lastPublished != null && run.rowsRead() < 0.9 * lastPublished);
            t.stringColumn(5).append(run.nightOverNight());
            if (run.changedRows() == null) t.longColumn(6).appendMissing();
            else t.longColumn(6).append(run.changedRows());
            if (run.outcome() == RunHistory.Outcome.PUBLISHED) lastPublished = run.rowsRead();
        }
        return t;
    }

    /** The runs that are not nights: dry runs, failed and stopped runs, runs that never finished, with the reason. */
    public static Table otherRuns(Path stateDir) {
        Table t = Table.create("other runs (dry runs, failed, stopped, unfinished: not compared as nights)",
                StringColumn.create("run"), StringColumn.create("status"), DoubleColumn.create("duration_s"),
                StringColumn.create("reason"));
        for (RunHistory.Run run : RunHistory.runs(stateDir, RunLock.holder(stateDir) != null)) {
            if (run.outcome().night()) continue;
            t.stringColumn(0).append(run.folder());
            t.stringColumn(1).append(run.outcome().label);
            if (run.durationSeconds() == null) t.doubleColumn(2).appendMissing();
            else t.doubleColumn(2).append(run.durationSeconds());
            t.stringColumn(3).append(run.reason() == null ? "" : run.reason());
        }
        return t;
    }

    /** A free query, its rows fetched under the read-only guards: one past the limit, so a cut is known. */
    private Rows free(Function<DSLContext, ResultQuery<?>> query) {
        return c -> ReadOnlyQuery.fetch(c, query.apply(DSL.using(c, SQLDialect.POSTGRES)), rowLimit + 1, timeout);
    }

    /** Fetches a result on a connection (in a read-only transaction). */
    @FunctionalInterface
    private interface Rows {
        Result<? extends Record> fetch(Connection c) throws SQLException;
    }

    private Table old(Rows query, String name) {
        try (Connection c = Databases.openLegacySnapshot(settings)) {
            return fetch(c, query, "old: " + name);
        } catch (SQLException | DataAccessException e) {
            throw failed("old", name, e);
        }
    }

    private Table target(Rows query, String name) {
        try (Connection c = Databases.openTarget(settings)) {
            c.setReadOnly(true);
            try {
                return fetch(c, query, "new: " + name);
            } finally {
                c.rollback();
            }
        } catch (SQLException | DataAccessException e) {
            throw failed("new", name, e);
        }
    }

    /** A cut at the row limit is said rather than silent. */
    private Table fetch(Connection c, Rows query, String name) throws SQLException {
        @SuppressWarnings("unchecked")
        Result<Record> rows = (Result<Record>) query.fetch(c);
        if (rows.size() <= rowLimit) return QueryTable.of(rows, name);
        return QueryTable.of(rows, name + String.format(" (cut at the row limit: first %,d rows;"
                + " rowLimit(n) or an ORDER BY/LIMIT of your own shows others)", rowLimit)).dropRows(rowLimit);
    }

    private static ResultQuery<?> attached(DSLContext dsl, ResultQuery<?> query) {
        return dsl.resultQuery(dsl.render(query), query.getBindValues().toArray());
    }

    private static String firstLine(String sql) {
        String line = sql.strip().lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }

    private static MigratorException failed(String side, String query, Exception e) {
        return new MigratorException(MigratorException.RUN_FAILED, side + " database: query \"" + query + "\" failed: "
                + e.getMessage(), e);
    }
}
