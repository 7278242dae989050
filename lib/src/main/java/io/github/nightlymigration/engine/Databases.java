package io.github.nightlymigration.engine;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens the two connections with the run's guarantees, turning failures into one-line errors. */
public final class Databases {
    private Databases() {}

    /**
     * The legacy side: one read-only REPEATABLE READ transaction, so every table is read from the
     * same snapshot while the old app keeps writing, and nothing can be written by mistake.
     */
    public static Connection openLegacySnapshot(MigratorSettings settings) {
        Connection c = connect("old", settings.oldUrl(), settings.oldProperties());
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            return c;
        } catch (SQLException e) {
            close(c);
            throw MigratorException.configuration("old database: cannot open a read-only snapshot: " + e.getMessage());
        }
    }

    /** The new side: one transaction for the whole run, with a bounded wait for table locks. */
    public static Connection openTarget(MigratorSettings settings) {
        Connection c = connect("new", settings.newUrl(), settings.newProperties());
        try {
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            close(c);
            throw MigratorException.configuration("new database: " + e.getMessage());
        }
    }

    /** The name of the database a connection is on (what an operator types to confirm a deliberate act). */
    public static String currentDatabase(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Cancels the statement running on the connection now, if any (from another thread); quiet if it is gone. */
    static void cancelRunningStatement(Connection c) {
        try {
            c.unwrap(org.postgresql.PGConnection.class).cancelQuery();
        } catch (SQLException ignored) {
            // closed or broken: nothing runs on it
        }
    }

    /** A database's encoding as PostgreSQL names it (UTF8, SQL_ASCII, LATIN1, ...). */
    public static String encoding(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("SHOW server_encoding")) {
            return rs.next() ? rs.getString(1).toUpperCase(java.util.Locale.ROOT) : "";
        }
    }

    static Connection connect(String side, String url, Properties properties) {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("ApplicationName", "nightly-migrator");
        p.setProperty("connectTimeout", "10");
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw MigratorException.configuration("cannot connect to the " + side + " database at "
                    + MigratorSettings.mask(url) + ": " + firstLine(e.getMessage()));
        }
    }

    static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing after a failure: the original error is the one to report
        }
    }

    static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
