package io.github.nightlymigration.newapp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** Whole-table operations on the new side. */
public final class TargetTables {
    /** SQLSTATE of a lock wait that reached lock_timeout. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    private TargetTables() {}

    /** Waits at most this long for the new app's locks: a clear failure beats a hung cron job. */
    public static void limitLockWait(Connection c, Duration timeout) throws SQLException {
        limitLockWait(c, timeout, true);
    }

    /** {@code local}: for the current transaction only; otherwise for the session. */
    public static void limitLockWait(Connection c, Duration timeout, boolean local) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT set_config('lock_timeout', ?, ?)")) {
            s.setString(1, timeout.toMillis() + "ms");
            s.setBoolean(2, local);
            s.execute();
        }
    }

    /** Locks the tables against every other access until the transaction ends (waits up to lock_timeout). */
    public static void lockExclusively(Connection c, List<Table<?>> tables) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE " + names(tables) + " IN ACCESS EXCLUSIVE MODE");
        }
    }

    /** Who holds locks on the tables now, for the message of a lock wait that gave up. */
    public static String lockHolders(Connection c, List<Table<?>> tables) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT string_agg(DISTINCT format('pid %s (%s, %s since %s) on %s', a.pid, coalesce(nullif(a.application_name, ''),
                  a.usename), a.state, date_trunc('second', coalesce(a.xact_start, a.query_start)), l.relation::regclass), '; ')
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.granted AND l.pid <> pg_backend_pid() AND l.relation = ANY (?::regclass[])""")) {
            s.setArray(1, c.createArrayOf("text", tables.stream().map(Table::getName).toArray(String[]::new)));
            try (ResultSet rs = s.executeQuery()) {
                String holders = rs.next() ? rs.getString(1) : null;
                return holders == null ? "no session holds them now" : holders;
            }
        }
    }

    private static String names(List<Table<?>> tables) {
        var dsl = DSL.using(SQLDialect.POSTGRES);
        return tables.stream().map(t -> dsl.render(t.getUnqualifiedName())).collect(Collectors.joining(", "));
    }

    /**
     * Empties all tables in one statement, without CASCADE: the new app's tables that reference
     * them are detached first ({@link OutsideReferences}), never emptied with them. Truncating in
     * the loading transaction also lets PostgreSQL skip WAL for the COPYs that follow.
     */
    public static void truncate(Connection c, List<Table<?>> tables) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE TABLE " + names(tables));
        }
    }

    /** The connection's current schema, quoted for SQL. */
    public static String currentSchema(Connection c) throws SQLException {
        return single(c, "SELECT quote_ident(current_schema())");
    }

    /**
     * The tables as the connection's search path finds them, the largest first: work on several connections that
     * starts with the longest does not end with it running alone.
     */
    public static List<Table<?>> largestFirst(Connection c, List<Table<?>> tables) throws SQLException {
        List<Table<?>> ordered = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT i FROM unnest(?::text[]) WITH ORDINALITY AS t(name, i)"
                + " ORDER BY pg_table_size(name::regclass) DESC, name")) {
            s.setArray(1, c.createArrayOf("text", tables.stream().map(Table::getName).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) ordered.add(tables.get(rs.getInt(1) - 1));
            }
        }
        return ordered;
    }

    /** The live tables' schema as PostgreSQL names it, unquoted. */
    public static String currentSchemaName(Connection c) throws SQLException {
        return single(c, "SELECT current_schema()");
    }

    private static String single(Connection c, String query) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(query); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
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
