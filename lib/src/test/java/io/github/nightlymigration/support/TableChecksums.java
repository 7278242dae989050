package io.github.nightlymigration.support;

import io.github.nightlymigration.rules.MigrationPlan;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** A checksum of every new table's full content (and sequence position), to prove "unchanged". */
public final class TableChecksums {
    private TableChecksums() {}

    public static Map<String, String> of(DSLContext db) {
        Map<String, String> sums = new TreeMap<>();
        for (Table<?> table : MigrationPlan.newTables()) {
            String name = table.getName();
            sums.put(name, value(db, "SELECT coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') || ':' "
                    + "|| count(*) FROM " + DSL.name(name) + " t"));
        }
        MigrationPlan.BIGINT_IDS.keySet().forEach(t -> sums.put(t.getName() + " sequence",
                value(db, "SELECT last_value || '/' || is_called FROM " + sequence(db, t.getName()))));
        return sums;
    }

    /**
     * As {@link #of}, over the columns the rules write only (what a night published, whatever the new app added),
     * but the timestamps a rule stamps with the run's start time where the old row has none.
     */
    public static Map<String, String> ofWrittenColumns(DSLContext db) {
        Map<String, String> sums = new TreeMap<>(of(db));
        for (Table<?> table : MigrationPlan.newTables()) {
            String row = java.util.Arrays.stream(table.fields()).map(f -> f.getName())
                    .filter(n -> !n.equals("inserted_at") && !n.equals("updated_at")).map(n -> "t." + DSL.name(n))
                    .collect(java.util.stream.Collectors.joining(", ", "ROW(", ")::text"));
            sums.put(table.getName(), value(db, "SELECT coalesce(md5(string_agg(" + row + ", E'\\n' ORDER BY " + row
                    + ")), '') || ':' || count(*) FROM " + DSL.name(table.getName()) + " t"));
        }
        return sums;
    }

    public static String sequence(DSLContext db, String table) {
        return value(db, "SELECT pg_get_serial_sequence({0}, 'id')", table);
    }

    public static String value(DSLContext db, String sql, Object... binds) {
        return db.resultQuery(sql, binds).fetchOne(0, String.class);
    }
}
