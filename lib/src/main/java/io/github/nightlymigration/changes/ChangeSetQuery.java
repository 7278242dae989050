package io.github.nightlymigration.changes;

import io.github.nightlymigration.changes.ChangeSet.Example;
import io.github.nightlymigration.changes.ChangeSet.TableChanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tonight's tables against the live ones, in PostgreSQL where both are: per table one FULL JOIN by primary key
 * that counts added, removed, changed and unchanged rows and, per column, the changed rows ({@code IS DISTINCT
 * FROM}, so NULLs compare as values), in one pass; then, for a table that changed, a few examples of each kind
 * (ORDER BY the key, LIMIT). Only the columns the migration writes are compared: a column the new app added to a
 * table is its own business.
 */
public final class ChangeSetQuery {
    /** Examples per table and kind of change (changed, added, removed). */
    public static final int EXAMPLES = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> ROW = new TypeReference<>() {};

    private final List<Table<?>> tables;
    private final ExampleSources sources;

    /** @param sources names the old row of each example (the published translator) */
    public ChangeSetQuery(List<Table<?>> tables, ExampleSources sources) {
        this.tables = List.copyOf(tables);
        this.sources = sources;
    }

    /**
     * Compares {@code stagedSchema}'s tables with the same-named ones the connection's search path reaches (the live
     * ones). Reads only; the caller ends the transaction.
     */
    public ChangeSet compare(Connection c, String stagedSchema, String comparedWith) throws SQLException {
        Map<String, TableChanges> out = new LinkedHashMap<>();
        for (Table<?> table : tables) {
            out.put(table.getName(), compare(c, new Sql(table, stagedSchema)));
        }
        return ChangeSet.compared(comparedWith, sources.name(out));
    }

    private static TableChanges compare(Connection c, Sql sql) throws SQLException {
        long added;
        long removed;
        long changed;
        long unchanged;
        Map<String, Long> columns = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql.counts()); ResultSet rs = s.executeQuery()) {
            rs.next();
            added = rs.getLong(1);
            removed = rs.getLong(2);
            changed = rs.getLong(3);
            unchanged = rs.getLong(4);
            for (int i = 0; i < sql.columns.size(); i++) columns.put(sql.columns.get(i), rs.getLong(5 + i));
        }
        List<Example> examples = new ArrayList<>();
        if (changed > 0) {
            for (String[] pair : rows(c, sql.changedExamples(), 2)) {
                Map<String, Object> after = JSON.readValue(pair[0], ROW);
                Map<String, Object> before = JSON.readValue(pair[1], ROW);
                Map<String, Object> was = new LinkedHashMap<>();
                Map<String, Object> is = new LinkedHashMap<>();
                for (String column : sql.columns) {
                    if (!Objects.equals(before.get(column), after.get(column))) {
                        was.put(column, before.get(column));
                        is.put(column, after.get(column));
                    }
                }
                examples.add(new Example("changed", sql.key(after), null, was, is));
            }
        }
        if (added > 0) {
            for (String[] row : rows(c, sql.addedExamples(), 1)) {
                Map<String, Object> after = sql.written(JSON.readValue(row[0], ROW));
                examples.add(new Example("added", sql.key(after), null, null, after));
            }
        }
        if (removed > 0) {
            for (String[] row : rows(c, sql.removedExamples(), 1)) {
                Map<String, Object> before = sql.written(JSON.readValue(row[0], ROW));
                examples.add(new Example("removed", sql.key(before), null, before, null));
            }
        }
        return new TableChanges(added, removed, changed, unchanged, columns, examples);
    }

    private static List<String[]> rows(Connection c, String query, int width) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(query); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String[] row = new String[width];
                for (int i = 0; i < width; i++) row[i] = rs.getString(i + 1);
                out.add(row);
            }
        }
        return out;
    }

    /** One table's statements: staged {@code s}, live {@code l}, joined by the primary key. */
    private static final class Sql {
        private static final org.jooq.DSLContext PG = DSL.using(SQLDialect.POSTGRES);
        final List<String> key;
        /** The columns the migration writes, but the key's. */
        final List<String> columns;
        final String staged;
        final String live;

        Sql(Table<?> table, String stagedSchema) {
            key = table.getPrimaryKey().getFields().stream().map(Field::getName).toList();
            columns = java.util.Arrays.stream(table.fields()).map(Field::getName).filter(n -> !key.contains(n)).toList();
            live = q(table.getName());
            staged = q(stagedSchema) + "." + live;
        }

        String counts() {
            String both = "s." + q(key.get(0)) + " IS NOT NULL AND l." + q(key.get(0)) + " IS NOT NULL";
            StringBuilder sql = new StringBuilder("SELECT count(*) FILTER (WHERE l.").append(q(key.get(0)))
                    .append(" IS NULL), count(*) FILTER (WHERE s.").append(q(key.get(0))).append(" IS NULL), ")
                    .append("count(*) FILTER (WHERE ").append(both).append(" AND ").append(differs()).append("), ")
                    .append("count(*) FILTER (WHERE ").append(both).append(" AND NOT ").append(differs()).append(')');
            for (String column : columns) {
                sql.append(", count(*) FILTER (WHERE ").append(both).append(" AND s.").append(q(column))
                        .append(" IS DISTINCT FROM l.").append(q(column)).append(')');
            }
            return sql.append(" FROM ").append(staged).append(" s FULL JOIN ").append(live).append(" l ON ")
                    .append(join()).toString();
        }

        String changedExamples() {
            return "SELECT to_jsonb(s)::text, to_jsonb(l)::text FROM " + staged + " s JOIN " + live + " l ON " + join()
                    + " WHERE " + differs() + " ORDER BY " + order("s") + " LIMIT " + EXAMPLES;
        }

        String addedExamples() {
            return "SELECT to_jsonb(s)::text FROM " + staged + " s WHERE NOT EXISTS (SELECT 1 FROM " + live + " l WHERE "
                    + join() + ") ORDER BY " + order("s") + " LIMIT " + EXAMPLES;
        }

        String removedExamples() {
            return "SELECT to_jsonb(l)::text FROM " + live + " l WHERE NOT EXISTS (SELECT 1 FROM " + staged + " s WHERE "
                    + join() + ") ORDER BY " + order("l") + " LIMIT " + EXAMPLES;
        }

        /** The row's written columns, key first (a row of the live table may hold the new app's own columns too). */
        Map<String, Object> written(Map<String, Object> row) {
            Map<String, Object> out = key(row);
            columns.forEach(c -> out.put(c, row.get(c)));
            return out;
        }

        Map<String, Object> key(Map<String, Object> row) {
            Map<String, Object> out = new LinkedHashMap<>();
            key.forEach(k -> out.put(k, row.get(k)));
            return out;
        }

        private String differs() {
            if (columns.isEmpty()) return "false"; // every column is the key: a row is there or not
            return columns.stream().map(c -> "s." + q(c)).collect(Collectors.joining(", ", "ROW(", ")"))
                    + " IS DISTINCT FROM " + columns.stream().map(c -> "l." + q(c)).collect(Collectors.joining(", ", "ROW(", ")"));
        }

        private String join() {
            return key.stream().map(k -> "s." + q(k) + " = l." + q(k)).collect(Collectors.joining(" AND "));
        }

        private String order(String alias) {
            return key.stream().map(k -> alias + "." + q(k)).collect(Collectors.joining(", "));
        }

        private static String q(String name) {
            return PG.render(DSL.name(name));
        }
    }
}
