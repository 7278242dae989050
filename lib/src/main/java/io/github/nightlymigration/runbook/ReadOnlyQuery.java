package io.github.nightlymigration.runbook;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Parser;

/**
 * Runs a free query of the investigation notebook so that its text cannot write, whatever it says.
 * The guards, each a mechanism of the driver or the server rather than a reading of the text, except the last:
 * <ul>
 * <li>exactly one statement, counted by the driver's own parser (which splits {@code commit; delete ...}
 *     into the statements it would send);
 * <li>that statement runs as {@code DECLARE ... CURSOR FOR}, which the server accepts only for a query
 *     (SELECT, VALUES, TABLE, WITH without data-modifying parts): no COPY, SET, SET ROLE, DO, CALL, LOCK;
 * <li>inside a READ ONLY transaction (the caller's), which refuses every write, also from functions;
 * <li>under {@code SET LOCAL statement_timeout}, which the server enforces itself, so a query keeps no
 *     server process busy after the JVM that sent it is gone;
 * <li>and, as a read-only transaction still lets a function read server files or end other sessions, no
 *     call of such functions: their names are refused anywhere in the text (comments and strings
 *     included, so a name built from strings or run through {@code query_to_xml} is refused too).
 * </ul>
 * A database role that may only read remains the real defence: functions of the application's own
 * schema, for one, are not known here.
 */
final class ReadOnlyQuery {
    private static final String CURSOR = "inspection_query";

    /** Functions that act on the server, on files or on other sessions, or run SQL given as a string. */
    private static final Pattern SERVER_ACTING = Pattern.compile("(?i)\\b("
            + "pg_read_\\w*|pg_ls_\\w*|pg_stat_file|pg_file_\\w*|pg_terminate_backend|pg_cancel_backend"
            + "|pg_reload_conf|pg_rotate_logfile\\w*|pg_promote|pg_switch_wal|pg_create_\\w*|pg_drop_\\w*"
            + "|pg_replication_\\w*|pg_logical_\\w*|pg_stat_reset\\w*|pg_backup_\\w*|pg_start_backup|pg_stop_backup"
            + "|pg_wal_replay_\\w*|pg_advisory_\\w*|pg_try_advisory_\\w*|pg_notify|pg_import_\\w*|pg_log_\\w*"
            + "|pg_export_snapshot|pg_copy_\\w*|pg_sync_replication_slots|set_config|lo_\\w+|loread|lowrite"
            + "|dblink\\w*|query_to_xml\\w*|cursor_to_xml\\w*|query_to_json\\w*|ts_stat|xpath_table"
            + ")\\b|\\bu&[\"']");

    private ReadOnlyQuery() {}

    /**
     * At most {@code rows} rows of the query, on a connection whose transaction is already read-only;
     * the caller ends that transaction (rollback).
     */
    static Result<Record> fetch(Connection c, ResultQuery<?> query, int rows, Duration timeout) throws SQLException {
        DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES);
        Query declare = dsl.query("DECLARE " + CURSOR + " NO SCROLL CURSOR FOR {0}", query);
        refuseUnsafe(c, dsl.render(declare));
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
        }
        try {
            declare.execute();
        } catch (org.jooq.exception.DataAccessException e) {
            throw new SQLException(e.getMessage() + " (the helpers run one query: SELECT, WITH ... SELECT, VALUES or"
                    + " TABLE, in a read-only transaction)", e);
        }
        return dsl.resultQuery("FETCH FORWARD " + rows + " FROM " + CURSOR).fetch();
    }

    private static void refuseUnsafe(Connection c, String sql) throws SQLException {
        boolean standardStrings = c.unwrap(BaseConnection.class).getStandardConformingStrings();
        int statements = Parser.parseJdbcSql(sql, standardStrings, true, true, false, false).size();
        if (statements != 1) {
            throw new SQLException("refused: " + statements + " statements; the helpers run exactly one query");
        }
        Matcher m = SERVER_ACTING.matcher(sql);
        if (m.find()) {
            throw new SQLException("refused: the text names " + m.group() + ", which acts on the server, its files or"
                    + " other sessions (or runs SQL given as text, or hides a name in a Unicode escape)");
        }
    }
}
