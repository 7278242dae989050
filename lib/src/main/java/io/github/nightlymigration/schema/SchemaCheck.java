package io.github.nightlymigration.schema;

import io.github.nightlymigration.MigratorException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Key;
import org.jooq.Table;

/**
 * Preflight: the live databases against the generated jOOQ schemas, before anything is written.
 * The legacy side must have every table and column the migration reads, of a type it can read
 * ({@link LegacyTypes}); the new side must have every column the migration writes, of its type,
 * with its constraints and privileges. What either app added beside that is no reason to stop:
 * it is returned as notices for the report (columns and tables of the old app no rule reads;
 * columns of the new app no rule writes, {@link NewAppColumns}).
 */
public final class SchemaCheck {
    private static final Map<Class<?>, String> PG_TYPES = Map.of(
            UUID.class, "uuid", Long.class, "int8", Integer.class, "int4", String.class, "text",
            LocalDateTime.class, "timestamp", LocalDate.class, "date", Boolean.class, "bool", JSONB.class, "jsonb",
            BigDecimal.class, "numeric");

    /** Indexes that no constraint implies, such as the unique lower(email) the user merge relies on. */
    private static final List<SchemaDdl.Index> EXPECTED_INDEXES = SchemaDdl.TARGET.indexes();

    private SchemaCheck() {}

    /** @return what the old app holds that no rule reads, and columns read through a cast */
    public static List<String> legacy(Connection connection, List<Table<?>> tables) throws SQLException {
        List<String> problems = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (Table<?> table : tables) {
            String name = table.getName();
            Map<String, Column> live = columns(connection, name);
            if (live.isEmpty()) {
                problems.add("table " + name + " is missing");
                continue;
            }
            Set<String> read = new HashSet<>();
            for (Field<?> field : table.fields()) {
                read.add(field.getName());
                Column column = live.get(field.getName());
                if (column == null) {
                    problems.add("table " + name + " has no column " + field.getName());
                } else if (!LegacyTypes.readable(field.getDataType(), column.type())) {
                    problems.add(name + "." + field.getName() + " is " + column.type() + ", the rules read "
                            + field.getDataType().getTypeName() + " (adapt lib/.../schema/legacy.sql and the rule that"
                            + " reads it: see docs/maintaining.md)");
                } else if (LegacyTypes.narrowed(field.getDataType(), column.type())) {
                    notices.add(name + "." + field.getName() + ": " + column.type() + " in the old app, read as "
                            + field.getDataType().getTypeName() + " (a value past its range would fail the run)");
                }
            }
            live.keySet().stream().filter(c -> !read.contains(c)).sorted().forEach(c -> notices.add(name + "." + c
                    + ": not migrated"));
        }
        unreadTables(connection, tables).forEach(t -> notices.add("table " + t + ": not migrated"));
        fail("legacy database", "the migration reads it", problems);
        return notices;
    }

    /** @return the new app's columns no rule writes, and what they get */
    public static List<String> target(Connection connection, List<Table<?>> tables) throws SQLException {
        List<String> problems = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (Table<?> table : tables) {
            String name = table.getName();
            Map<String, Column> live = columns(connection, name);
            if (live.isEmpty()) {
                problems.add("table " + name + " is missing");
                continue;
            }
            Set<String> expected = new HashSet<>();
            for (Field<?> field : table.fields()) {
                expected.add(field.getName());
                Column column = live.get(field.getName());
                String type = PG_TYPES.getOrDefault(field.getType(), "?");
                if (column == null) {
                    problems.add("table " + name + " has no column " + field.getName());
                } else if (!column.type().equals(type)) {
                    problems.add(name + "." + field.getName() + " is " + column.type() + ", the migration writes " + type
                            + " (a change of the new app the rules must follow: see docs/maintaining.md)");
                } else if (!column.nullable() && field.getDataType().nullable()) {
                    problems.add(name + "." + field.getName() + " does not allow NULL, the migration may write NULL"
                            + " (see docs/maintaining.md)");
                }
            }
            Map<String, Column> added = new HashMap<>(live);
            added.keySet().removeAll(expected);
            NewAppColumns.judge(name, added, problems, notices);
            Set<String> constraints = constraints(connection, name);
            for (String constraint : expectedConstraints(table)) {
                if (!constraints.contains(constraint)) {
                    problems.add("table " + name + " lacks constraint " + constraint);
                }
            }
            List<SchemaDdl.Index> expectedIndexes = EXPECTED_INDEXES.stream().filter(i -> i.table().equals(name)).toList();
            Map<String, Boolean> indexes = expectedIndexes.isEmpty() ? Map.of() : indexes(connection, name);
            for (SchemaDdl.Index index : expectedIndexes) {
                Boolean unique = indexes.get(index.name());
                if (unique == null || (index.unique() && !unique)) {
                    problems.add("table " + name + " lacks " + (index.unique() ? "unique " : "") + "index " + index.name()
                            + " " + index.definition());
                }
            }
            for (String privilege : new String[] {"INSERT", "TRUNCATE", "SELECT"}) {
                if (!hasPrivilege(connection, name, privilege)) {
                    problems.add("the new database's user lacks " + privilege + " on " + name);
                }
            }
            String owner = foreignOwner(connection, name);
            if (owner != null) {
                problems.add("the new database's user does not own " + name + " (owner " + owner
                        + "; the run drops and rebuilds its keys and indexes and restarts its identity, so run as "
                        + owner + " or a member of it)");
            }
        }
        fail("new database", "the migration writes the columns of lib/.../schema/target.sql",
                problems);
        if (readOnly(connection)) {
            throw MigratorException.configuration("new database: the connection is read-only "
                    + "(default_transaction_read_only is on, or a standby): the migration must write to it");
        }
        return notices;
    }

    private static List<String> expectedConstraints(Table<?> table) {
        List<String> names = new ArrayList<>();
        if (table.getPrimaryKey() != null) names.add(table.getPrimaryKey().getName());
        table.getUniqueKeys().stream().map(Key::getName).forEach(names::add);
        table.getReferences().stream().map(Key::getName).forEach(names::add);
        table.getChecks().forEach(c -> names.add(c.getName()));
        return names;
    }

    /** {@code fill}: what PostgreSQL gives the column when an insert leaves it out, if not NULL ("default false"). */
    record Column(String type, boolean nullable, String fill) {}

    private static Map<String, Column> columns(Connection connection, String table) throws SQLException {
        Map<String, Column> columns = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT column_name, udt_name, is_nullable, CASE"
                + " WHEN is_identity = 'YES' THEN 'its identity' WHEN is_generated = 'ALWAYS' THEN 'generated'"
                + " WHEN column_default IS NOT NULL THEN 'default ' || column_default END "
                + "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), new Column(rs.getString(2), "YES".equals(rs.getString(3)), rs.getString(4)));
                }
            }
        }
        return columns;
    }

    /** Tables of the old app's schema the migration does not read (but Rails' own bookkeeping). */
    private static List<String> unreadTables(Connection connection, List<Table<?>> tables) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT relname FROM pg_class WHERE relnamespace ="
                + " current_schema()::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition AND NOT relname = ANY (?)"
                + " ORDER BY relname")) {
            List<String> known = new ArrayList<>(tables.stream().map(Table::getName).toList());
            known.addAll(List.of("schema_migrations", "ar_internal_metadata"));
            s.setArray(1, connection.createArrayOf("text", known.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Set<String> constraints(Connection connection, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT c.conname FROM pg_constraint c "
                + "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                + "WHERE n.nspname = current_schema() AND t.relname = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The table's indexes by name: unique or not. */
    private static Map<String, Boolean> indexes(Connection connection, String table) throws SQLException {
        Map<String, Boolean> indexes = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT i.relname, x.indisunique FROM pg_index x "
                + "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND t.relname = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) indexes.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        return indexes;
    }

    private static boolean hasPrivilege(Connection connection, String table, String privilege) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT has_table_privilege(quote_ident(current_schema()) || '.' || quote_ident(?), ?)")) {
            s.setString(1, table);
            s.setString(2, privilege);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The table's owner when the current user is neither it nor a member of it (superusers are), else null. */
    private static String foreignOwner(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_get_userbyid(t.relowner), "
                + "pg_has_role(current_user, t.relowner, 'USAGE') FROM pg_class t "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND t.relname = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && !rs.getBoolean(2) ? rs.getString(1) : null;
            }
        }
    }

    private static boolean readOnly(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT current_setting('default_transaction_read_only') = 'on' OR pg_is_in_recovery()");
                ResultSet rs = s.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static void fail(String side, String why, List<String> problems) {
        if (problems.isEmpty()) return;
        String shown = String.join("; ", problems.subList(0, Math.min(5, problems.size())));
        String more = problems.size() > 5 ? " (and " + (problems.size() - 5) + " more)" : "";
        throw MigratorException.configuration(side + " schema: " + shown + more + " (" + why + ")");
    }
}
