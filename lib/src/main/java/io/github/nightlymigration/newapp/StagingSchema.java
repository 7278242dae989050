package io.github.nightlymigration.newapp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The migrator's own schema, where tonight's tables are built, loaded and checked while the new app
 * keeps reading last night's, and the swap that makes them live. A staged table is a copy of the
 * live table's definition (LIKE ... INCLUDING ALL: columns, checks, identity, comments, statistics),
 * its storage options and table comment; keys, indexes and foreign keys come after the load, from
 * the live tables' own definitions ({@link DeferredIndexes}). Nothing else ever lives in this schema,
 * so a leftover of a killed run is dropped whole.
 */
public final class StagingSchema {
    public static final String NAME = "nightly_migrator_staging";
    public static final String QUOTED = DSL.using(SQLDialect.POSTGRES).render(DSL.name(NAME));

    /** A grant on a live table or on a sequence its columns own (grantee null: PUBLIC). */
    private record Grant(String relation, boolean sequence, String grantee, String privilege, boolean grantable) {}

    private static final String RELATIONS = """
            SELECT c.oid FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY (?)
            UNION SELECT d.objid FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
            JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
            WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
              AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY (?)""";

    private StagingSchema() {}

    /** Drops what a killed or failed run left, then creates empty copies of the live tables (committed). */
    public static void create(Connection c, List<Table<?>> tables) throws SQLException {
        var dsl = DSL.using(SQLDialect.POSTGRES);
        List<String> sql = new ArrayList<>();
        sql.add("DROP SCHEMA IF EXISTS " + QUOTED + " CASCADE");
        sql.add("CREATE SCHEMA " + QUOTED);
        for (Table<?> table : tables) {
            String name = dsl.render(table.getUnqualifiedName());
            sql.add("CREATE TABLE " + QUOTED + "." + name + " (LIKE " + live(c) + "." + name
                    + " INCLUDING ALL EXCLUDING INDEXES)");
        }
        sql.addAll(strings(c, """
                SELECT format('ALTER TABLE %I.%I SET (%s)', ?, relname, array_to_string(reloptions, ', '))
                FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = ANY (?) AND reloptions IS NOT NULL
                UNION ALL SELECT format('COMMENT ON TABLE %I.%I IS %L', ?, relname, obj_description(oid, 'pg_class'))
                FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = ANY (?)
                  AND obj_description(oid, 'pg_class') IS NOT NULL""", NAME, names(tables), NAME, names(tables)));
        execute(c, sql);
        c.commit();
    }

    /** Empties the staged tables in the connection's current transaction (they are empty: this costs nothing). */
    public static void truncate(Connection c, List<Table<?>> tables) throws SQLException {
        var dsl = DSL.using(SQLDialect.POSTGRES);
        execute(c, List.of(tables.stream().map(t -> QUOTED + "." + dsl.render(t.getUnqualifiedName()))
                .collect(Collectors.joining(", ", "TRUNCATE ", ""))));
    }

    /**
     * Claims the staging schema for this connection's session, waiting up to its lock_timeout:
     * two installations (state directories) pointed at one new database would otherwise load into
     * the same tables. False: another session holds it.
     */
    public static boolean claim(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
            s.setString(1, NAME);
            s.execute();
            return true;
        } catch (SQLException e) {
            if (TargetTables.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) return false;
            throw e;
        }
    }

    /** Points a connection at the staging schema alone: unqualified names reach staged tables, never live ones. */
    public static void use(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + QUOTED);
        }
    }

    /** Drops a leftover staging schema when the current user may (an in-place run cleans up after a killed staged one). */
    public static void dropIfOwned(Connection c) throws SQLException {
        if (!strings(c, "SELECT 1 FROM pg_namespace WHERE nspname = ? AND pg_has_role(current_user, nspowner, 'USAGE')",
                NAME).isEmpty()) {
            drop(c);
        }
    }

    /** Removes the staging schema and whatever it holds (a dry run's or a failed run's tables). */
    public static void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + QUOTED + " CASCADE");
        }
    }

    /**
     * Locks the staged tables for the swap, first: autovacuum may be analysing one (it gives way
     * after deadlock_timeout), and that wait must not happen while the live tables are locked.
     */
    public static void lock(Connection c, List<Table<?>> tables) throws SQLException {
        var dsl = DSL.using(SQLDialect.POSTGRES);
        execute(c, List.of(tables.stream().map(t -> QUOTED + "." + dsl.render(t.getUnqualifiedName()))
                .collect(Collectors.joining(", ", "LOCK TABLE ", " IN ACCESS EXCLUSIVE MODE"))));
    }

    /**
     * In the caller's transaction, which holds ACCESS EXCLUSIVE locks on the staged and the live tables: drops
     * them (without CASCADE, so anything that appeared on them since preflight stops the swap) and
     * moves the staged tables in. Their indexes, constraints, identity sequences and row types move
     * with them, under the same names; then the live tables' grants and owner are given to them.
     */
    public static void swapIn(Connection c, List<Table<?>> tables) throws SQLException {
        var dsl = DSL.using(SQLDialect.POSTGRES);
        String live = live(c);
        String[] names = names(tables);
        List<Grant> grants = grants(c, names);
        List<String> owners = strings(c, "SELECT format('ALTER TABLE %I.%I OWNER TO %I', current_schema(), relname, "
                + "pg_get_userbyid(relowner)) FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
                + "AND relname = ANY (?) AND relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)", (Object) names);
        List<String> sql = new ArrayList<>();
        sql.add("DROP TABLE " + tables.stream().map(t -> live + "." + dsl.render(t.getUnqualifiedName()))
                .collect(Collectors.joining(", ")));
        for (Table<?> table : tables) {
            sql.add("ALTER TABLE " + QUOTED + "." + dsl.render(table.getUnqualifiedName()) + " SET SCHEMA " + live);
        }
        execute(c, sql);
        sql.clear();
        sql.addAll(owners); // first: an owner change hands the old owner's grants over
        for (Grant g : grants(c, names)) {
            if (g.grantee() != null) sql.add(grant("REVOKE ALL", "FROM", g, live));
        }
        sql.add(tables.stream().map(t -> live + "." + dsl.render(t.getUnqualifiedName()))
                .collect(Collectors.joining(", ", "REVOKE ALL ON TABLE ", " FROM PUBLIC")));
        for (Grant g : grants) sql.add(grant("GRANT " + g.privilege(), "TO", g, live) + (g.grantable() ? " WITH GRANT OPTION" : ""));
        execute(c, sql);
    }

    private static String grant(String what, String direction, Grant g, String live) {
        return what + " ON " + (g.sequence() ? "SEQUENCE " : "TABLE ") + live + "." + g.relation() + " " + direction + " "
                + (g.grantee() == null ? "PUBLIC" : g.grantee());
    }

    /** Explicit grants of the tables in the current schema and their owned sequences, but the owner's own. */
    private static List<Grant> grants(Connection c, String[] tables) throws SQLException {
        List<Grant> grants = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT quote_ident(r.relname), r.relkind = 'S', "
                + "CASE WHEN a.grantee = 0 THEN NULL ELSE quote_ident(pg_get_userbyid(a.grantee)) END, a.privilege_type, "
                + "a.is_grantable FROM pg_class r CROSS JOIN LATERAL aclexplode(r.relacl) a "
                + "WHERE r.oid IN (" + RELATIONS + ") AND a.grantee <> r.relowner ORDER BY 1, 3, 4")) {
            s.setArray(1, c.createArrayOf("text", tables));
            s.setArray(2, c.createArrayOf("text", tables));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    grants.add(new Grant(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)));
                }
            }
        }
        return grants;
    }

    private static String live(Connection c) throws SQLException {
        return strings(c, "SELECT quote_ident(current_schema())").get(0);
    }

    private static String[] names(List<Table<?>> tables) {
        return tables.stream().map(Table::getName).toArray(String[]::new);
    }

    private static List<String> strings(Connection c, String sql, Object... binds) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                Object b = binds[i];
                if (b instanceof String[] array) s.setArray(i + 1, c.createArrayOf("text", array));
                else s.setObject(i + 1, b);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        }
    }
}
