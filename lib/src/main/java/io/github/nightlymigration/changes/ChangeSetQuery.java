package io.github.nightlymigration.changes;

import io.github.nightlymigration.changes.ChangeSet.Example;
import io.github.nightlymigration.changes.ChangeSet.TableChanges;
import io.github.nightlymigration.newapp.AppWrites;
import io.github.nightlymigration.newapp.ParallelStatements;
import io.github.nightlymigration.newapp.TargetTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tonight's tables against the live ones, in PostgreSQL where both are: per table one FULL JOIN by primary key
 * that sorts each row into added, removed, changed or unchanged and, for a changed row only, marks which columns
 * differ ({@code IS DISTINCT FROM}, so NULLs compare as values), counted in one pass; then, for a table that
 * changed, a few examples of each kind (ORDER BY the key, LIMIT). The tables are compared side by side on the
 * run's connections, the largest first. Only the columns the migration writes are compared: a column the new app
 * added to a table is its own business.
 */
public final class ChangeSetQuery {
    /** Examples per table and kind of change (changed, added, removed). */
    public static final int EXAMPLES = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> ROW = new TypeReference<>() {};

    private final List<Table<?>> tables;
    private final ExampleSources sources;
    private final OptionalLong publishedIn;

    /**
     * @param sources     names the old row of each example (the published translator)
     * @param publishedIn the last publish's transaction ({@link io.github.nightlymigration.guard.PublishMark}): live
     *                    rows written after it are the new app's, counted in the same pass; empty when unknown
     */
    public ChangeSetQuery(List<Table<?>> tables, ExampleSources sources, OptionalLong publishedIn) {
        this.tables = List.copyOf(tables);
        this.sources = sources;
        this.publishedIn = publishedIn;
    }

    /**
     * Compares {@code stagedSchema}'s tables with the same-named ones in {@code liveSchema}, spread over the
     * connections, whose search path finds the staged ones (for their sizes). Reads only; each connection's
     * transaction is the caller's.
     */
    public ChangeSet compare(List<Connection> connections, String stagedSchema, String liveSchema, String comparedWith)
            throws SQLException {
        Map<String, TableChanges> found = new ConcurrentHashMap<>();
        ParallelStatements.run(connections, TargetTables.largestFirst(connections.get(0), tables), "change-set",
                (c, table, running) -> found.put(table.getName(),
                        compare(c, new Sql(table, stagedSchema, liveSchema, publishedIn), running)));
        Map<String, TableChanges> out = new LinkedHashMap<>();
        tables.forEach(t -> out.put(t.getName(), found.get(t.getName())));
        return ChangeSet.compared(comparedWith, sources.name(out));
    }

    private static TableChanges compare(Connection c, Sql sql, Set<Statement> running) throws SQLException {
        List<String[]> counts = rows(c, running, sql.counts(), 5 + sql.columns.size());
        long added = Long.parseLong(counts.get(0)[0]);
        long removed = Long.parseLong(counts.get(0)[1]);
        long changed = Long.parseLong(counts.get(0)[2]);
        long unchanged = Long.parseLong(counts.get(0)[3]);
        long byNewApp = Long.parseLong(counts.get(0)[4]);
        Map<String, Long> columns = new LinkedHashMap<>();
        for (int i = 0; i < sql.columns.size(); i++) columns.put(sql.columns.get(i), Long.parseLong(counts.get(0)[5 + i]));
        List<Example> examples = new ArrayList<>();
        if (changed > 0) {
            for (String[] pair : rows(c, running, sql.changedExamples(), 2)) {
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
            for (String[] row : rows(c, running, sql.addedExamples(), 1)) {
                Map<String, Object> after = sql.written(JSON.readValue(row[0], ROW));
                examples.add(new Example("added", sql.key(after), null, null, after));
            }
        }
        if (removed > 0) {
            for (String[] row : rows(c, running, sql.removedExamples(), 1)) {
                Map<String, Object> before = sql.written(JSON.readValue(row[0], ROW));
                examples.add(new Example("removed", sql.key(before), null, before, null));
            }
        }
        return new TableChanges(added, removed, changed, unchanged, byNewApp, columns, examples);
    }

    private static List<String[]> rows(Connection c, Set<Statement> running, String query, int width) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(query)) {
            running.add(s);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String[] row = new String[width];
                    for (int i = 0; i < width; i++) row[i] = rs.getString(i + 1);
                    out.add(row);
                }
            } finally {
                running.remove(s);
            }
        }
        return out;
    }

    /** One table's statements: staged {@code s}, live {@code l}, joined by the primary key. */
    private static final class Sql {
        private static final org.jooq.DSLContext PG = DSL.using(SQLDialect.POSTGRES);
        private static final int MARK_BITS = 62;
        final List<String> key;
        /** The columns the migration writes, but the key's. */
        final List<String> columns;
        final String staged;
        final String live;
        /** SQL: the live row is the new app's. */
        final String byNewApp;

        Sql(Table<?> table, String stagedSchema, String liveSchema, OptionalLong publishedIn) {
            key = table.getPrimaryKey().getFields().stream().map(Field::getName).toList();
            columns = java.util.Arrays.stream(table.fields()).map(Field::getName).filter(n -> !key.contains(n)).toList();
            live = q(liveSchema) + "." + q(table.getName());
            staged = q(stagedSchema) + "." + q(table.getName());
            byNewApp = publishedIn.isPresent() ? AppWrites.writtenAfter(publishedIn.getAsLong(), "l") : "false";
        }

        /**
         * Added, removed, changed, unchanged, the live rows the new app wrote (this pass reads every live row anyway,
         * so they cost no scan of their own), then per column the changed rows that differ in it. Each row gets one
         * mark, in a subquery that is not flattened (OFFSET 0) so the row comparison runs once per row, not once per
         * count: -1 added, -2 removed, 0 unchanged, and for a changed row bit 62 plus one bit per differing column
         * (62 columns to a mark; a wider table gets more marks). Columns are compared only in changed rows, which
         * on most nights are few.
         */
        String counts() {
            String k = q(key.get(0));
            String same = "s." + k + " IS NOT NULL AND l." + k + " IS NOT NULL AND NOT " + differs();
            List<String> marks = new ArrayList<>();
            for (int from = 0; from == 0 || from < columns.size(); from += MARK_BITS) {
                List<String> bits = new ArrayList<>();
                for (int i = from; i < Math.min(columns.size(), from + MARK_BITS); i++) {
                    String c = q(columns.get(i));
                    bits.add("((s." + c + " IS DISTINCT FROM l." + c + ")::int::bigint << " + (i - from) + ")");
                }
                String differing = bits.isEmpty() ? "0::bigint" : String.join(" | ", bits);
                marks.add(from == 0
                        ? "CASE WHEN l." + k + " IS NULL THEN -1 WHEN s." + k + " IS NULL THEN -2 WHEN NOT " + differs()
                                + " THEN 0 ELSE (1::bigint << " + MARK_BITS + ") | " + differing + " END AS m0"
                        : "CASE WHEN " + same + " OR l." + k + " IS NULL OR s." + k + " IS NULL THEN 0 ELSE " + differing
                                + " END AS m" + from / MARK_BITS);
            }
            StringBuilder sql = new StringBuilder("SELECT count(*) FILTER (WHERE m0 = -1), count(*) FILTER (WHERE m0 = -2),"
                    + " count(*) FILTER (WHERE m0 > 0), count(*) FILTER (WHERE m0 = 0), count(*) FILTER (WHERE app)");
            for (int i = 0; i < columns.size(); i++) {
                sql.append(", count(*) FILTER (WHERE m").append(i / MARK_BITS).append(" > 0 AND m").append(i / MARK_BITS)
                        .append(" & (1::bigint << ").append(i % MARK_BITS).append(") <> 0)");
            }
            marks.add(byNewApp + " AS app");
            return sql.append(" FROM (SELECT ").append(String.join(", ", marks)).append(" FROM ").append(staged)
                    .append(" s FULL JOIN ").append(live).append(" l ON ").append(join()).append(" OFFSET 0) marked").toString();
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
