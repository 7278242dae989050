package io.github.nightlymigration.newapp;

import io.github.nightlymigration.guard.PublishRefusedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.Table;

/**
 * The foreign keys of the new app's own tables (tables the migration does not own) that reference migrated
 * tables. Their rows stay: ids are stable, so their references stay right. A publish detaches the keys (a
 * referenced table cannot be truncated or dropped under them), applies each key's own ON DELETE action to the
 * rows whose referenced row is gone tonight (CASCADE deletes them, SET NULL / SET DEFAULT sets them, NO ACTION and
 * RESTRICT refuse the publish), and adds them back, checked, in the same transaction: after the commit they exist
 * and hold, exactly as if PostgreSQL had deleted the missing rows itself (but that SET NULL / SET DEFAULT with a
 * column list, PostgreSQL 15's, sets all the key's columns).
 */
public final class OutsideReferences {
    private static final String FIND = """
            SELECT c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid), c.confdeltype,
              c.convalidated, quote_ident(r.relname),
              array(SELECT quote_ident(attname) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
              array(SELECT quote_ident(attname) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)
            FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid
            WHERE c.contype = 'f' AND c.confrelid = ANY (?::regclass[]) AND NOT c.conrelid = ANY (?::regclass[])
            ORDER BY 1, 2""";
    private static final int EXAMPLES = 3;

    /** One key: {@code table} (as regclass text) references {@code referenced} (a migrated table, unqualified). */
    private record Reference(String table, String name, String definition, char onDelete, boolean valid,
            String referenced, String[] columns, String[] referencedColumns) {

        String action() {
            return switch (onDelete) {
                case 'c' -> "ON DELETE CASCADE";
                case 'n' -> "ON DELETE SET NULL";
                case 'd' -> "ON DELETE SET DEFAULT";
                case 'r' -> "ON DELETE RESTRICT";
                default -> "ON DELETE NO ACTION";
            };
        }

        /** Rows of the referencing table whose referenced row is not in {@code schema}'s table (MATCH SIMPLE: a NULL exempts). */
        String orphans(String schema) {
            String notNull = IntStream.range(0, columns.length).mapToObj(i -> "o." + columns[i] + " IS NOT NULL")
                    .collect(Collectors.joining(" AND "));
            String match = IntStream.range(0, columns.length).mapToObj(i -> "r." + referencedColumns[i] + " = o." + columns[i])
                    .collect(Collectors.joining(" AND "));
            return notNull + " AND NOT EXISTS (SELECT 1 FROM " + schema + "." + referenced + " r WHERE " + match + ")";
        }
    }

    private final List<Reference> references;

    private OutsideReferences(List<Reference> references) {
        this.references = references;
    }

    /** The keys of tables outside {@code tables} that reference one of them (in the current schema). */
    public static OutsideReferences find(Connection c, List<Table<?>> tables) throws SQLException {
        String[] names = tables.stream().map(Table::getName).toArray(String[]::new);
        List<Reference> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(FIND)) {
            var array = c.createArrayOf("text", names);
            s.setArray(1, array);
            s.setArray(2, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Reference(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                            rs.getBoolean(5), rs.getString(6), (String[]) rs.getArray(7).getArray(),
                            (String[]) rs.getArray(8).getArray()));
                }
            }
        }
        return new OutsideReferences(List.copyOf(found));
    }

    public boolean isEmpty() {
        return references.isEmpty();
    }

    /** Locks the referencing tables as the key changes will (after the migrated tables: the same order as those changes). */
    public void lock(Connection c) throws SQLException {
        if (references.isEmpty()) return;
        try (Statement s = c.createStatement()) {
            s.execute(references.stream().map(Reference::table).distinct()
                    .collect(Collectors.joining(", ", "LOCK TABLE ", " IN ACCESS EXCLUSIVE MODE")));
        }
    }

    /** Drops the keys, in the caller's transaction (which adds them back with {@link #reattach}). */
    public void detach(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Reference r : references) s.execute("ALTER TABLE " + r.table() + " DROP CONSTRAINT " + r.name());
        }
    }

    /**
     * Applies each key's ON DELETE action to the rows whose referenced row is not in tonight's table (in
     * {@code schema}: the staging schema before a swap, the live one in place), in the caller's transaction.
     *
     * @return what the new app's tables lost or had set, one line per key that changed rows
     * @throws PublishRefusedException a NO ACTION or RESTRICT key has such rows (naming them); nothing is published
     */
    public List<String> applyDeleteActions(Connection c, String schema) throws SQLException {
        List<String> refused = new ArrayList<>();
        for (Reference r : references) {
            if (r.onDelete() != 'a' && r.onDelete() != 'r') continue;
            List<String> rows = examples(c, r, schema);
            if (!rows.isEmpty()) refused.add(r.table() + " rows " + String.join(", ", rows) + " (" + r.name() + ")");
        }
        if (!refused.isEmpty()) {
            throw new PublishRefusedException("refused to publish: rows of the new app's own tables reference rows"
                    + " that are gone tonight, under a foreign key that forbids deleting them (NO ACTION or RESTRICT): "
                    + String.join("; ", refused) + ". Nothing was published: the new database is as last night's run"
                    + " left it. Delete or change those rows in the new app, or give the key ON DELETE CASCADE or SET NULL");
        }
        List<String> done = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (Reference r : references) {
                String set = String.join(", ", java.util.Arrays.stream(r.columns())
                        .map(col -> col + (r.onDelete() == 'd' ? " = DEFAULT" : " = NULL")).toList());
                int n = switch (r.onDelete()) {
                    case 'c' -> s.executeUpdate("DELETE FROM " + r.table() + " o WHERE " + r.orphans(schema));
                    case 'n', 'd' -> s.executeUpdate("UPDATE " + r.table() + " o SET " + set + " WHERE " + r.orphans(schema));
                    default -> 0;
                };
                if (n == 0) continue;
                String what = r.onDelete() == 'c' ? "deleted" : r.onDelete() == 'n' ? "set to NULL" : "set to its default";
                done.add(String.format("%s: %,d %s %s (%s %s; their %s rows are gone tonight)", r.table(), n,
                        n == 1 ? "row" : "rows", what, r.name(), r.action(), r.referenced()));
            }
        }
        return done;
    }

    /** Adds the keys back as they were (checked now, unless one was NOT VALID before), in the caller's transaction. */
    public void reattach(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Reference r : references) {
                s.execute("ALTER TABLE " + r.table() + " ADD CONSTRAINT " + r.name() + " " + r.definition()
                        + (r.valid() ? "" : " NOT VALID"));
            }
        }
    }

    private static List<String> examples(Connection c, Reference r, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT left(row_to_json(o)::text, 160), count(*) OVER () FROM "
                + r.table() + " o WHERE " + r.orphans(schema) + " LIMIT " + EXAMPLES); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (out.isEmpty() && rs.getLong(2) > EXAMPLES) out.add(rs.getLong(2) + " in all, e.g.");
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
