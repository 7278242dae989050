package io.github.nightlymigration.runbook;

import static io.github.nightlymigration.newapp.db.Tables.COMMENTS;
import static io.github.nightlymigration.newapp.db.Tables.REQUESTS;
import static io.github.nightlymigration.newapp.db.Tables.REQUEST_EVENTS;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.engine.Databases;
import io.github.nightlymigration.legacy.db.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Ad hoc questions for notebook 04, each answered as a Tablesaw table. Read-only on both databases. */
public final class Inspection {
    private final MigratorSettings settings;

    public Inspection(MigratorSettings settings) {
        this.settings = settings;
    }

    /** Old side: orders by status and STI type. */
    public Table ordersByStatusAndType() {
        return old(dsl -> dsl.select(Tables.ORDERS.STATUS, Tables.ORDERS.TYPE, DSL.count().as("orders"))
                .from(Tables.ORDERS).groupBy(Tables.ORDERS.STATUS, Tables.ORDERS.TYPE)
                .orderBy(Tables.ORDERS.STATUS, Tables.ORDERS.TYPE), "orders by status and type");
    }

    /** New side: requests by status and kind. */
    public Table requestsByStatusAndKind() {
        return target(dsl -> dsl.select(REQUESTS.STATUS, REQUESTS.KIND, DSL.count().as("requests"))
                .from(REQUESTS).groupBy(REQUESTS.STATUS, REQUESTS.KIND).orderBy(REQUESTS.STATUS, REQUESTS.KIND),
                "requests by status and kind");
    }

    /** New side: person comments and audit events per month (what the comment/audit split produced). */
    public Table commentsAndEventsByMonth() {
        var commentMonth = DSL.trunc(COMMENTS.INSERTED_AT, DatePart.MONTH).cast(String.class);
        var eventMonth = DSL.trunc(REQUEST_EVENTS.INSERTED_AT, DatePart.MONTH).cast(String.class);
        return target(dsl -> dsl.select(commentMonth.as("month"), DSL.inline("comments").as("kind"), DSL.count().as("rows"))
                .from(COMMENTS).groupBy(commentMonth)
                .unionAll(dsl.select(eventMonth, DSL.inline("audit events"), DSL.count())
                        .from(REQUEST_EVENTS).groupBy(eventMonth))
                .orderBy(DSL.field(DSL.name("month")), DSL.field(DSL.name("kind"))), "comments and audit events by month");
    }

    /** Every run folder's report.json: when, outcome, duration, rows read, and refused or accepted shrinks. */
    public static Table runHistory(Path stateDir) {
        Table t = Table.create("nightly runs", StringColumn.create("run"), StringColumn.create("status"),
                DoubleColumn.create("duration_s"), LongColumn.create("rows_read"), StringColumn.create("night_over_night"));
        Path runs = stateDir.resolve("runs");
        if (!Files.isDirectory(runs)) return t;
        JsonMapper json = JsonMapper.builder().build();
        try (Stream<Path> folders = Files.list(runs)) {
            for (Path report : (Iterable<Path>) folders.sorted().map(f -> f.resolve("report.json")).filter(Files::exists)::iterator) {
                JsonNode r = json.readTree(report.toFile());
                t.stringColumn(0).append(report.getParent().getFileName().toString());
                boolean accepted = !r.path("night_over_night").path("shrink_accepted_by").isMissingNode()
                        && !r.path("night_over_night").path("shrink_accepted_by").isNull();
                t.stringColumn(1).append(r.path("status").asString() + (accepted ? ", shrink accepted" : ""));
                t.doubleColumn(2).append(r.path("duration_ms").asLong() / 1000.0);
                t.longColumn(3).append(r.path("rows_read").asLong());
                t.stringColumn(4).append(r.path("night_over_night").path("summary").asString(""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run reports under " + runs + ": " + e.getMessage(), e);
        }
        return t;
    }

    private Table old(Function<DSLContext, ResultQuery<?>> query, String name) {
        try (Connection c = Databases.openLegacySnapshot(settings)) {
            return fetch(c, query, name);
        } catch (SQLException e) {
            throw new MigratorException(MigratorException.RUN_FAILED, "inspection query failed: " + e.getMessage(), e);
        }
    }

    private Table target(Function<DSLContext, ResultQuery<?>> query, String name) {
        try (Connection c = Databases.openTarget(settings)) {
            Table t = fetch(c, query, name);
            c.rollback();
            return t;
        } catch (SQLException e) {
            throw new MigratorException(MigratorException.RUN_FAILED, "inspection query failed: " + e.getMessage(), e);
        }
    }

    private static Table fetch(Connection c, Function<DSLContext, ResultQuery<?>> query, String name) throws SQLException {
        try (var rs = query.apply(DSL.using(c, SQLDialect.POSTGRES)).fetchResultSet()) {
            return Table.read().db(rs, name);
        }
    }
}
