package io.github.nightlymigration.newapp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Table;

/**
 * PostgreSQL's bulk-load advice, inside the run's one transaction: the new tables' foreign keys,
 * key constraints and indexes are dropped before the COPYs and recreated from their own catalog
 * definitions, under the same names, after them. One index build and one join per foreign key
 * are far cheaper than maintaining every index and firing a foreign-key trigger per row. A
 * failure anywhere rolls the drops back with everything else, so the schema is unchanged at
 * every commit; a duplicate key or dangling reference still fails the run, when recreated.
 */
public final class DeferredIndexes {
    /** Foreign keys first: they depend on the key indexes they reference. */
    private static final String FOREIGN_KEYS = """
            SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND conrelid = ANY (?::regclass[]) ORDER BY conrelid, conname""";
    private static final String KEY_CONSTRAINTS = """
            SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype IN ('p', 'u', 'x') AND conrelid = ANY (?::regclass[]) ORDER BY conrelid, conname""";
    private static final String PLAIN_INDEXES = """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
            WHERE i.indrelid = ANY (?::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c
              WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
            ORDER BY i.indexrelid""";

    /** Statements that recreate what was dropped, in a valid order (indexes and keys, then foreign keys). */
    private final List<String> recreate;

    private DeferredIndexes(List<String> recreate) {
        this.recreate = recreate;
    }

    /** Drops the tables' foreign keys, key constraints and indexes, remembering how to recreate them. */
    public static DeferredIndexes drop(Connection c, List<Table<?>> tables) throws SQLException {
        String[] names = tables.stream().map(Table::getName).toArray(String[]::new);
        List<String> drops = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<String> foreignKeys = new ArrayList<>();
        for (String[] fk : rows(c, FOREIGN_KEYS, names, 3)) {
            drops.add("ALTER TABLE " + fk[0] + " DROP CONSTRAINT " + fk[1]);
            foreignKeys.add("ALTER TABLE " + fk[0] + " ADD CONSTRAINT " + fk[1] + " " + fk[2]);
        }
        for (String[] key : rows(c, KEY_CONSTRAINTS, names, 3)) {
            drops.add("ALTER TABLE " + key[0] + " DROP CONSTRAINT " + key[1]);
            indexes.add("ALTER TABLE " + key[0] + " ADD CONSTRAINT " + key[1] + " " + key[2]);
        }
        for (String[] index : rows(c, PLAIN_INDEXES, names, 2)) {
            drops.add("DROP INDEX " + index[0]);
            indexes.add(index[1]);
        }
        execute(c, drops);
        List<String> recreate = new ArrayList<>(indexes);
        recreate.addAll(foreignKeys);
        return new DeferredIndexes(List.copyOf(recreate));
    }

    /** Builds every index and validates every foreign key against the loaded rows. */
    public void recreate(Connection c) throws SQLException {
        execute(c, recreate);
    }

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

    private static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        }
    }
}
