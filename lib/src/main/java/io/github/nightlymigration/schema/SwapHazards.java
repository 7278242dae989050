package io.github.nightlymigration.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Table;

/**
 * What would make swapping the live tables for staged copies lose or break something. A swap drops
 * the live tables and moves the staged ones in under the same names; the staged copies carry the
 * live tables' columns, checks, identities, keys, indexes, foreign keys among themselves, comments,
 * storage options, grants and owner. Anything else attached to a live table would be dropped with
 * it (a trigger, a policy, a rule, a publication's membership, column grants) or would stop the
 * drop (a view, a function body), or could not be rebuilt on the staged copy (a foreign key to a table the
 * migration does not own). A foreign key of the new app's own table to a live table is carried by the swap
 * ({@link io.github.nightlymigration.newapp.OutsideReferences}). Those hazards, and a missing privilege
 * the swap needs, are hazards, and the run publishes in place instead. Empty: the swap is safe.
 */
public final class SwapHazards {
    private static final String ON_TABLES = """
            SELECT 'view or rule ' || v.oid::regclass || ' reads ' || d.refobjid::regclass
            FROM pg_depend d JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
            JOIN pg_class v ON v.oid = r.ev_class
            WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ANY (?::regclass[]) AND d.deptype = 'n'
              AND r.ev_class <> d.refobjid
            UNION SELECT pg_describe_object(d.classid, d.objid, 0) || ' depends on ' || d.refobjid::regclass
            FROM pg_depend d
            WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ANY (?::regclass[]) AND d.deptype = 'n'
              AND d.classid NOT IN ('pg_rewrite'::regclass, 'pg_constraint'::regclass)
            UNION SELECT 'foreign key ' || conname || ' of ' || conrelid::regclass || ' references ' || confrelid::regclass
            FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY (?::regclass[]) AND NOT confrelid = ANY (?::regclass[])
            UNION SELECT 'trigger ' || tgname || ' on ' || tgrelid::regclass FROM pg_trigger
            WHERE tgrelid = ANY (?::regclass[]) AND NOT tgisinternal
            UNION SELECT 'policy ' || polname || ' on ' || polrelid::regclass FROM pg_policy WHERE polrelid = ANY (?::regclass[])
            UNION SELECT 'row-level security on ' || oid::regclass FROM pg_class
            WHERE oid = ANY (?::regclass[]) AND (relrowsecurity OR relforcerowsecurity)
            UNION SELECT 'rule ' || rulename || ' on ' || ev_class::regclass FROM pg_rewrite WHERE ev_class = ANY (?::regclass[])
            UNION SELECT 'publication ' || p.pubname || ' includes ' || r.prrelid::regclass
            FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid WHERE r.prrelid = ANY (?::regclass[])
            UNION SELECT 'column grants on ' || attrelid::regclass || '.' || attname FROM pg_attribute
            WHERE attrelid = ANY (?::regclass[]) AND attnum > 0 AND attacl IS NOT NULL
            UNION SELECT 'inheritance between ' || inhrelid::regclass || ' and ' || inhparent::regclass FROM pg_inherits
            WHERE inhrelid = ANY (?::regclass[]) OR inhparent = ANY (?::regclass[])
            UNION SELECT 'replica identity other than the key on ' || oid::regclass FROM pg_class
            WHERE oid = ANY (?::regclass[]) AND relreplident <> 'd'
            ORDER BY 1""";
    private static final String PRIVILEGES = """
            SELECT CASE WHEN n.oid IS NULL THEN has_database_privilege(current_database(), 'CREATE')
                        ELSE pg_has_role(current_user, n.nspowner, 'USAGE') END,
                   pg_get_userbyid(n.nspowner),
                   has_schema_privilege(current_schema(), 'CREATE'), current_schema()
            FROM (SELECT 1) one LEFT JOIN pg_namespace n ON n.nspname = ?""";

    private SwapHazards() {}

    /** Everything on the live tables (in the connection's current schema) that a swap would lose or trip over. */
    public static List<String> onTables(Connection c, List<Table<?>> tables) throws SQLException {
        String[] names = tables.stream().map(Table::getName).toArray(String[]::new);
        List<String> hazards = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(ON_TABLES)) {
            var array = c.createArrayOf("text", names);
            for (int i = 1; i <= s.getParameterMetaData().getParameterCount(); i++) s.setArray(i, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) hazards.add(rs.getString(1));
            }
        }
        return hazards;
    }

    /** The privileges a swap needs: a staging schema of the migrator's own, and CREATE on the live schema to move into. */
    public static List<String> privileges(Connection c, String stagingSchema) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(PRIVILEGES)) {
            s.setString(1, stagingSchema);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    missing.add(rs.getString(2) == null
                            ? "no CREATE privilege on the database for a staging schema " + stagingSchema
                            : "the staging schema " + stagingSchema + " belongs to " + rs.getString(2));
                }
                if (!rs.getBoolean(3)) missing.add("no CREATE privilege on the schema " + rs.getString(4));
            }
        }
        return missing;
    }

    /** Both kinds: what preflight reports before choosing how to publish. */
    public static List<String> find(Connection c, List<Table<?>> tables, String stagingSchema) throws SQLException {
        List<String> all = new ArrayList<>(privileges(c, stagingSchema));
        all.addAll(onTables(c, tables));
        return all;
    }
}
