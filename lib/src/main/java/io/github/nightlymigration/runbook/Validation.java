package io.github.nightlymigration.runbook;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.engine.Databases;
import io.github.nightlymigration.rules.MigrationPlan;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;

/** After a run: what the two databases hold now, for the operator to eyeball. Read-only on both sides. */
public final class Validation {
    private Validation() {}

    /** Row counts of every old and new table (the old app is live, so old counts may have moved since the run). */
    public static tech.tablesaw.api.Table counts(MigratorSettings settings) {
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("row counts", StringColumn.create("side"),
                StringColumn.create("table"), LongColumn.create("rows"));
        try (Connection old = Databases.openLegacySnapshot(settings); Connection target = Databases.openTarget(settings)) {
            count(t, "old", DSL.using(old, SQLDialect.POSTGRES), MigrationPlan.oldTables());
            count(t, "new", DSL.using(target, SQLDialect.POSTGRES), MigrationPlan.newTables());
            target.rollback();
        } catch (SQLException e) {
            throw new MigratorException(MigratorException.RUN_FAILED, "validation query failed: " + e.getMessage(), e);
        }
        return t;
    }

    /** Each bigint identity's next value against the table's largest id: next must be greater. */
    public static tech.tablesaw.api.Table sequences(MigratorSettings settings) {
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("sequences", StringColumn.create("table"),
                LongColumn.create("max_id"), LongColumn.create("next_id"), StringColumn.create("ok"));
        try (Connection target = Databases.openTarget(settings)) {
            DSLContext dsl = DSL.using(target, SQLDialect.POSTGRES);
            for (Table<?> table : MigrationPlan.BIGINT_IDS.keySet()) {
                long max = dsl.fetchOne("SELECT coalesce(max(id), 0) FROM " + dsl.render(table.getUnqualifiedName()))
                        .get(0, Long.class);
                // The name comes from PostgreSQL itself, already quoted: safe to put into the statement.
                String sequence = dsl.fetchOne("SELECT pg_get_serial_sequence({0}, 'id')", table.getName()).get(0, String.class);
                var seq = dsl.fetchOne("SELECT last_value, is_called FROM " + sequence);
                long last = seq.get(0, Long.class);
                long next = Boolean.TRUE.equals(seq.get(1, Boolean.class)) ? last + 1 : last;
                t.stringColumn(0).append(table.getName());
                t.longColumn(1).append(max);
                t.longColumn(2).append(next);
                t.stringColumn(3).append(next > max ? "ok" : "COLLIDES");
            }
            target.rollback();
        } catch (SQLException e) {
            throw new MigratorException(MigratorException.RUN_FAILED, "validation query failed: " + e.getMessage(), e);
        }
        return t;
    }

    /**
     * A fingerprint of the ids in every new table: equal fingerprints after two runs mean every row
     * kept its id (the demo shows this; timestamps filled with a run's start time do not affect it).
     */
    public static java.util.Map<String, String> idFingerprints(MigratorSettings settings) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        try (Connection target = Databases.openTarget(settings)) {
            DSLContext dsl = DSL.using(target, SQLDialect.POSTGRES);
            for (Table<?> table : MigrationPlan.newTables()) {
                String key = table.field("id") != null ? "id::text" : "request_id::text || '/' || user_id::text";
                out.put(table.getName(), dsl.fetchOne("SELECT count(*) || ':' || coalesce(md5(string_agg(" + key
                        + ", ',' ORDER BY " + key + ")), '') FROM " + dsl.render(table.getUnqualifiedName())).get(0, String.class));
            }
            target.rollback();
        } catch (SQLException e) {
            throw new MigratorException(MigratorException.RUN_FAILED, "validation query failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static void count(tech.tablesaw.api.Table t, String side, DSLContext dsl, java.util.List<Table<?>> tables) {
        for (Table<?> table : tables) {
            t.stringColumn(0).append(side);
            t.stringColumn(1).append(table.getName());
            t.longColumn(2).append(dsl.fetchCount(table));
        }
    }
}
