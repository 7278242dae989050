package io.github.nightlymigration.newapp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** Whole-table operations on the new side, inside the run's one transaction. */
public final class TargetTables {
    private TargetTables() {}

    /** Waits at most this long for the new app's locks: a clear failure beats a hung cron job. */
    public static void limitLockWait(Connection c, Duration timeout) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
            s.setString(1, timeout.toMillis() + "ms");
            s.execute();
        }
    }

    /**
     * Empties all tables in one statement, without CASCADE: a table of the new app that
     * references them makes this fail loudly instead of being emptied silently. Truncating in
     * the loading transaction also lets PostgreSQL skip WAL for the COPYs that follow.
     */
    public static void truncate(Connection c, List<Table<?>> tables) throws SQLException {
        var dsl = DSL.using(SQLDialect.POSTGRES);
        String names = tables.stream().map(t -> dsl.render(t.getUnqualifiedName())).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE TABLE " + names);
        }
    }

    public static boolean exists(Connection c, Table<?> table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(quote_ident(?)) IS NOT NULL")) {
            s.setString(1, table.getName());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    public static boolean anyRows(Connection c, List<Table<?>> tables) throws SQLException {
        var dsl = DSL.using(c, SQLDialect.POSTGRES);
        return tables.stream().anyMatch(dsl::fetchExists);
    }

    /**
     * Restarts each identity past both the table's largest id and every id the translator ever
     * handed out, so the new app never generates an id a past or future run will use. ALTER ...
     * RESTART is transactional (setval() is not), so a failed or dry run leaves the sequences too.
     */
    public static void advanceSequences(Connection c, Map<Table<?>, Long> highWater) throws SQLException {
        var dsl = DSL.using(SQLDialect.POSTGRES);
        for (Map.Entry<Table<?>, Long> e : highWater.entrySet()) {
            String table = dsl.render(e.getKey().getUnqualifiedName());
            long max;
            try (PreparedStatement s = c.prepareStatement("SELECT coalesce(max(id), 0) FROM " + table);
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                max = Math.max(rs.getLong(1), e.getValue());
            }
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + (max + 1));
            }
        }
    }
}
