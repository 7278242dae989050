package io.github.nightlymigration.engine;

import io.github.nightlymigration.MigratorException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Preflight of the connections a staged run opens on the new database (MIGRATOR_PARALLELISM loading
 * connections beside the run's own): refused before the load if the server, the role or the database
 * allows fewer, rather than failing with "too many clients" after the whole load. Superusers may use
 * the reserved connections and are exempt from role and database limits, as PostgreSQL enforces them.
 */
final class ConnectionBudget {
    private static final String LIMITS = """
            SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int
                + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0),
              r.rolconnlimit, d.datconnlimit, r.rolsuper
            FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()""";

    private ConnectionBudget() {}

    static void require(Connection target, int parallelism) throws SQLException {
        int needed = parallelism + 1;
        try (PreparedStatement s = target.prepareStatement(LIMITS); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) return;
            boolean superuser = rs.getBoolean(5);
            refuseAbove(needed, rs.getInt(1) - (superuser ? 0 : rs.getInt(2)), "the server's max_connections"
                    + (superuser ? "" : " less its reserved connections"), parallelism);
            if (superuser) return;
            refuseAbove(needed, rs.getInt(3), "the role's connection limit", parallelism);
            refuseAbove(needed, rs.getInt(4), "the database's connection limit", parallelism);
        }
    }

    /** A negative limit is none. */
    private static void refuseAbove(int needed, int limit, String what, int parallelism) {
        if (limit >= 0 && needed > limit) {
            throw MigratorException.configuration("MIGRATOR_PARALLELISM=" + parallelism + " needs " + needed
                    + " connections to the new database, but " + what + " allows " + limit
                    + " (and the new app needs some too): lower MIGRATOR_PARALLELISM");
        }
    }
}
