package io.github.nightlymigration.runbook;

import static io.github.nightlymigration.newapp.db.Tables.COMMENTS;
import static io.github.nightlymigration.newapp.db.Tables.REQUEST_EVENTS;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.engine.Databases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ad hoc questions for notebook 04, each answered as a Tablesaw table. Read-only on both databases:
 * the old side inside a read-only snapshot, the new side in a read-only transaction that is rolled back.
 * Free queries take SQL text with {@code ?} bind parameters or a jOOQ query, and keep at most
 * {@link #rowLimit} rows, saying so in the table's name when they cut.
 */
public final class Inspection {
    /** Rows a free query keeps unless told otherwise. */
    public static final int DEFAULT_ROW_LIMIT = 10_000;

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

    public Inspection(MigratorSettings settings) {
        this(settings, DEFAULT_ROW_LIMIT);
    }

    private Inspection(MigratorSettings settings, int rowLimit) {
        if (rowLimit < 1) throw new IllegalArgumentException("a row limit is at least 1, got " + rowLimit);
        this.settings = settings;
        this.rowLimit = rowLimit;
    }

    /** The same inspection with another row limit for free queries. */
    public Inspection rowLimit(int rows) {
        return new Inspection(settings, rows);
    }

    /** Free query on the old database: SQL text with {@code ?} bind parameters. */
    public Table oldQuery(String sql, Object... binds) {
        return old(dsl -> dsl.resultQuery(sql, binds), firstLine(sql));
    }

    /** Free query on the new database: SQL text with {@code ?} bind parameters. */
    public Table newQuery(String sql, Object... binds) {
        return target(dsl -> dsl.resultQuery(sql, binds), firstLine(sql));
    }

    /** A jOOQ query (built with {@code DSL.select(...)}, no connection needed) run on the old database. */
    public Table oldQuery(ResultQuery<?> query) {
        return old(dsl -> attached(dsl, query), firstLine(query.getSQL()));
    }

    /** A jOOQ query run on the new database. */
    public Table newQuery(ResultQuery<?> query) {
        return target(dsl -> attached(dsl, query), firstLine(query.getSQL()));
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
        return target(dsl -> dsl.select(commentMonth.as("month"), DSL.inline("comments").as("kind"), DSL.count().as("rows"))
                .from(COMMENTS).groupBy(commentMonth)
                .unionAll(dsl.select(eventMonth, DSL.inline("audit events"), DSL.count())
                        .from(REQUEST_EVENTS).groupBy(eventMonth))
                .orderBy(DSL.field(DSL.name("month")), DSL.field(DSL.name("kind"))), "comments and audit events by month");
    }

    /**
     * Every run folder's report.json: when, outcome, duration, rows read, and refused or accepted shrinks and changes;
     * {@code dropped} marks a run that read over 10% fewer rows than the run before it (rows vanishing from
     * the old app, or a wrong source); {@code changed_rows}, the rows the run changed in place against the live
     * tables (its change set; empty when it compared nothing).
     */
    public static Table runHistory(Path stateDir) {
        Table t = Table.create("nightly runs", StringColumn.create("run"), StringColumn.create("status"),
                DoubleColumn.create("duration_s"), LongColumn.create("rows_read"), BooleanColumn.create("dropped"),
                StringColumn.create("night_over_night"), LongColumn.create("changed_rows"));
        Path runs = stateDir.resolve("runs");
        if (!Files.isDirectory(runs)) return t;
        JsonMapper json = JsonMapper.builder().build();
        try (Stream<Path> folders = Files.list(runs)) {
            for (Path report : (Iterable<Path>) folders.sorted().map(f -> f.resolve("report.json")).filter(Files::exists)::iterator) {
                JsonNode r = json.readTree(report.toFile());
                t.stringColumn(0).append(report.getParent().getFileName().toString());
                boolean accepted = !r.path("night_over_night").path("shrink_accepted_by").isMissingNode()
                        && !r.path("night_over_night").path("shrink_accepted_by").isNull();
                boolean changesAccepted = !r.path("changes").path("changes_accepted_by").isMissingNode()
                        && !r.path("changes").path("changes_accepted_by").isNull();
                t.stringColumn(1).append(r.path("status").asString() + (accepted ? ", shrink accepted" : "")
                        + (changesAccepted ? ", changes accepted" : ""));
                t.doubleColumn(2).append(r.path("duration_ms").asLong() / 1000.0);
                long rows = r.path("rows_read").asLong();
                LongColumn read = t.longColumn(3);
                t.booleanColumn(4).append(!read.isEmpty() && rows < 0.9 * read.get(read.size() - 1));
                read.append(rows);
                t.stringColumn(5).append(r.path("night_over_night").path("summary").asString(""));
                JsonNode changed = r.path("changes").path("changed_rows"); // rows changed in place; none: not compared
                if (changed.isNumber()) t.longColumn(6).append(changed.asLong());
                else t.longColumn(6).appendMissing();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run reports under " + runs + ": " + e.getMessage(), e);
        }
        return t;
    }

    private Table old(Function<DSLContext, ResultQuery<?>> query, String name) {
        try (Connection c = Databases.openLegacySnapshot(settings)) {
            return fetch(c, query, "old: " + name);
        } catch (SQLException | DataAccessException e) {
            throw failed("old", name, e);
        }
    }

    private Table target(Function<DSLContext, ResultQuery<?>> query, String name) {
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

    /** Reads one row past the limit, so a cut is known and said rather than silent. */
    private Table fetch(Connection c, Function<DSLContext, ResultQuery<?>> query, String name) {
        @SuppressWarnings("unchecked")
        Result<Record> rows = (Result<Record>) query.apply(DSL.using(c, SQLDialect.POSTGRES)).maxRows(rowLimit + 1).fetch();
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
