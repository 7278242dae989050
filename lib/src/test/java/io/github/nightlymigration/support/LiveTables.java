package io.github.nightlymigration.support;

import io.github.nightlymigration.rules.MigrationPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every new table dumped by primary key with every column, and the diff of two dumps computed here in the JVM:
 * an independent check of the change set, which is computed in PostgreSQL.
 */
public final class LiveTables {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, Object>> ROW = new TypeReference<>() {};

    /** What changed in one table between two dumps. */
    public record Diff(long added, long removed, long changed, long unchanged, Map<String, Long> columns) {}

    private LiveTables() {}

    /** Table -> primary key (as text) -> row (column -> value as JSON gives it). */
    public static Map<String, Map<String, Map<String, Object>>> dump(DSLContext db) {
        Map<String, Map<String, Map<String, Object>>> out = new LinkedHashMap<>();
        for (Table<?> table : MigrationPlan.newTables()) {
            String key = String.join(" || '/' || ", table.getPrimaryKey().getFields().stream()
                    .map(f -> DSL.name(f.getName()) + "::text").toList());
            Map<String, Map<String, Object>> rows = new TreeMap<>();
            for (var r : db.resultQuery("SELECT " + key + ", row_to_json(t)::text FROM " + DSL.name(table.getName()) + " t")) {
                rows.put(r.get(0, String.class), JSON.readValue(r.get(1, String.class), ROW));
            }
            out.put(table.getName(), rows);
        }
        return out;
    }

    public static Map<String, Diff> diff(Map<String, Map<String, Map<String, Object>>> before,
            Map<String, Map<String, Map<String, Object>>> after) {
        Map<String, Diff> out = new LinkedHashMap<>();
        for (Table<?> table : MigrationPlan.newTables()) {
            List<String> key = table.getPrimaryKey().getFields().stream().map(Field::getName).toList();
            Map<String, Map<String, Object>> was = before.get(table.getName());
            Map<String, Map<String, Object>> is = after.get(table.getName());
            long added = is.keySet().stream().filter(k -> !was.containsKey(k)).count();
            long removed = was.keySet().stream().filter(k -> !is.containsKey(k)).count();
            long changed = 0;
            long unchanged = 0;
            Map<String, Long> columns = new TreeMap<>();
            for (Field<?> f : table.fields()) if (!key.contains(f.getName())) columns.put(f.getName(), 0L);
            for (var e : was.entrySet()) {
                Map<String, Object> now = is.get(e.getKey());
                if (now == null) continue;
                boolean any = false;
                for (String column : columns.keySet()) {
                    if (!Objects.equals(e.getValue().get(column), now.get(column))) {
                        columns.merge(column, 1L, Long::sum);
                        any = true;
                    }
                }
                if (any) changed++;
                else unchanged++;
            }
            out.put(table.getName(), new Diff(added, removed, changed, unchanged, columns));
        }
        return out;
    }
}
