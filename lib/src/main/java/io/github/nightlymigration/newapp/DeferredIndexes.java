package io.github.nightlymigration.newapp;

import io.github.nightlymigration.Progress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Table;

/**
 * PostgreSQL's bulk-load advice: the new tables' foreign keys, key constraints and indexes are
 * built after the COPYs, from the live tables' own catalog definitions, under the same names. One
 * index build and one join per foreign key are far cheaper than maintaining every index and firing
 * a foreign-key trigger per row; a duplicate key or dangling reference still fails the run.
 *
 * <p>In place, they are dropped from the live tables and recreated inside the run's one
 * transaction, so a failure rolls the drops back and the schema is unchanged at every commit.
 * Staged, they are built on tables nobody else sees, so several connections build them side by
 * side: each table's keys, indexes and statistics on one connection, tables in parallel (largest
 * first); then the foreign keys are added NOT VALID (a catalog change) and validated, which takes
 * only a SHARE UPDATE EXCLUSIVE lock on the referencing table and ROW SHARE on the referenced one,
 * so validations of different tables do not wait for each other. ANALYZE before the validations
 * gives their joins real statistics, and the new app's first queries after the swap too.
 */
public final class DeferredIndexes {
    /** Foreign keys first: they depend on the key indexes they reference. */
    private static final String FOREIGN_KEYS = """
            SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND conrelid = ANY (?::regclass[]) ORDER BY conrelid, conname""";
    private static final String KEY_CONSTRAINTS = """
            SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype IN ('p', 'u', 'x') AND conrelid = ANY (?::regclass[]) ORDER BY conrelid, conname""";
    /** pg_get_indexdef names the table with its schema: unqualified, the definition builds a staged copy too. */
    private static final String PLAIN_INDEXES = """
            SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text,
              replace(pg_get_indexdef(i.indexrelid), ' ON ' || quote_ident(n.nspname) || '.', ' ON ')
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE i.indrelid = ANY (?::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c
              WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
            ORDER BY i.indexrelid""";

    /** One statement that builds part of a table's schema; {@code name} is what a DROP names. */
    private record Definition(String table, String name, String sql) {}

    private final List<Definition> foreignKeys;
    private final List<Definition> keys;
    private final List<Definition> indexes;

    private DeferredIndexes(List<Definition> foreignKeys, List<Definition> keys, List<Definition> indexes) {
        this.foreignKeys = foreignKeys;
        this.keys = keys;
        this.indexes = indexes;
    }

    /** Reads how the tables' foreign keys, key constraints and indexes are defined, changing nothing. */
    public static DeferredIndexes of(Connection c, List<Table<?>> tables) throws SQLException {
        String[] names = tables.stream().map(Table::getName).toArray(String[]::new);
        List<Definition> foreignKeys = new ArrayList<>();
        for (String[] fk : rows(c, FOREIGN_KEYS, names, 3)) {
            foreignKeys.add(new Definition(fk[0], fk[1], "ALTER TABLE " + fk[0] + " ADD CONSTRAINT " + fk[1] + " " + fk[2]));
        }
        List<Definition> keys = new ArrayList<>();
        for (String[] key : rows(c, KEY_CONSTRAINTS, names, 3)) {
            keys.add(new Definition(key[0], key[1], "ALTER TABLE " + key[0] + " ADD CONSTRAINT " + key[1] + " " + key[2]));
        }
        List<Definition> indexes = new ArrayList<>();
        for (String[] index : rows(c, PLAIN_INDEXES, names, 3)) indexes.add(new Definition(index[0], index[1], index[2]));
        return new DeferredIndexes(List.copyOf(foreignKeys), List.copyOf(keys), List.copyOf(indexes));
    }

    /** Reads the definitions, then drops the tables' foreign keys, key constraints and indexes (in place). */
    public static DeferredIndexes drop(Connection c, List<Table<?>> tables) throws SQLException {
        DeferredIndexes found = of(c, tables);
        List<String> drops = new ArrayList<>();
        for (Definition fk : found.foreignKeys) drops.add("ALTER TABLE " + fk.table() + " DROP CONSTRAINT " + fk.name());
        for (Definition key : found.keys) drops.add("ALTER TABLE " + key.table() + " DROP CONSTRAINT " + key.name());
        for (Definition index : found.indexes) drops.add("DROP INDEX " + index.name());
        BuildProgress.silent().execute(c, drops);
        return found;
    }

    /** Builds every index and validates every foreign key against the loaded rows, on one connection. */
    public void recreate(Connection c, Progress progress) throws SQLException {
        List<String> all = new ArrayList<>();
        for (Definition d : keys) all.add(d.sql());
        for (Definition d : indexes) all.add(d.sql());
        for (Definition d : foreignKeys) all.add(d.sql());
        new BuildProgress(progress, all.size()).execute(c, all);
    }

    /**
     * The same on several autocommitting connections of staged tables: keys, indexes and ANALYZE
     * per table in parallel, then the foreign keys added NOT VALID and validated in parallel.
     */
    public void recreate(List<Connection> connections, List<Table<?>> tables, Progress progress) throws SQLException {
        Map<String, List<String>> perTable = new LinkedHashMap<>();
        for (Table<?> table : TargetTables.largestFirst(connections.get(0), tables)) perTable.put(table.getName(), new ArrayList<>());
        for (Definition d : keys) perTable.get(d.table()).add(d.sql());
        for (Definition d : indexes) perTable.get(d.table()).add(d.sql());
        perTable.forEach((table, sql) -> sql.add("ANALYZE " + table));
        BuildProgress board = new BuildProgress(progress, perTable.values().stream().mapToLong(List::size).sum()
                + 2L * foreignKeys.size());
        ParallelStatements.run(connections, perTable.values(), board);
        List<String> notValid = new ArrayList<>();
        Map<String, List<String>> validations = new LinkedHashMap<>();
        for (Definition fk : foreignKeys) {
            notValid.add(fk.sql() + " NOT VALID");
            validations.computeIfAbsent(fk.table(), t -> new ArrayList<>())
                    .add("ALTER TABLE " + fk.table() + " VALIDATE CONSTRAINT " + fk.name());
        }
        board.execute(connections.get(0), notValid);
        List<List<String>> ordered = new ArrayList<>();
        perTable.keySet().stream().filter(validations::containsKey).forEach(t -> ordered.add(validations.get(t)));
        ParallelStatements.run(connections, ordered, board);
    }

    /** Table names (as regclass renders them) by size on disk, largest first: the long builds start first. */
    private static List<String[]> rows(Connection c, String sql, String[] tables, int columns) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("text", tables));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) row[i] = rs.getString(i + 1);
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
