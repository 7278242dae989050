package io.github.nightlymigration.cutover;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.rules.MigrationPlan;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Table;

/**
 * Whether the old app has stopped writing: PostgreSQL's per-table write counters (rows inserted, updated,
 * deleted: pg_stat_user_tables) of the six tables, looked at twice a settable interval apart. A backend reports
 * its counts when its transaction ends (at most about a second later, ten when idle), so an interval of a
 * minute sees any app that still commits; reads (the migration's own) do not move them.
 */
public final class WriteWatch {
    /** Rows inserted, updated and deleted per old table since the statistics were last reset. */
    public record Look(Map<String, long[]> counters) {
        /** The tables whose counters moved between this look and a later one, with what moved. */
        public List<String> changesUntil(Look later) {
            List<String> out = new ArrayList<>();
            counters.forEach((table, before) -> {
                long[] after = later.counters().get(table);
                if (after == null) return;
                List<String> moved = new ArrayList<>();
                String[] what = {"inserted", "updated", "deleted"};
                for (int i = 0; i < 3; i++) if (after[i] != before[i]) moved.add(String.format("%,d %s", after[i] - before[i], what[i]));
                if (!moved.isEmpty()) out.add(table + " (" + String.join(", ", moved) + ")");
            });
            return out;
        }
    }

    static final String QUIET_STEP = "old app quiet? (seconds)";

    private WriteWatch() {}

    /** @param old an autocommit connection to the old database (each look must see fresh statistics) */
    public static Look look(Connection old) throws SQLException {
        try (PreparedStatement s = old.prepareStatement("SELECT pg_is_in_recovery()"); ResultSet rs = s.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw new MigratorException(MigratorException.CUTOVER_REFUSED, "MIGRATOR_OLD_URL points at a standby:"
                        + " its counters do not see the primary's writes. For the cut-over, point it at the primary");
            }
        }
        try (PreparedStatement clear = old.prepareStatement("SELECT pg_stat_clear_snapshot()")) {
            clear.execute();
        }
        Map<String, long[]> counters = new TreeMap<>();
        List<String> names = MigrationPlan.oldTables().stream().map(Table::getName).toList();
        try (PreparedStatement s = old.prepareStatement("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del"
                + " FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ANY (?)")) {
            Array array = old.createArrayOf("text", names.toArray());
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) counters.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            }
        }
        return new Look(counters);
    }

    /** Two looks {@code interval} apart, counting down on the board; refuses (exit 6) naming each table that changed. */
    public static Look requireQuiet(Connection old, Duration interval, Progress progress) throws SQLException {
        Look first = look(old);
        long seconds = interval.toSeconds();
        String watched = "write counters of " + String.join(", ", first.counters().keySet());
        try {
            for (long s = 0; s < seconds; s++) {
                progress.update(QUIET_STEP, s, seconds, (seconds - s) + " s left · " + watched);
                Thread.sleep(1000);
            }
            Thread.sleep(interval.toMillis() - seconds * 1000);
            progress.update(QUIET_STEP, seconds, seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigratorException(MigratorException.CUTOVER_REFUSED, "interrupted while watching the old database");
        }
        Look second = look(old);
        refuseChanges(first.changesUntil(second), "in " + interval.toSeconds() + " s");
        return second;
    }

    static void refuseChanges(List<String> changes, String when) {
        if (changes.isEmpty()) return;
        throw new MigratorException(MigratorException.CUTOVER_REFUSED, "refused: the old app still writes: "
                + String.join(", ", changes) + " " + when + ". Stop it (or put it in maintenance mode) and run the"
                + " cut-over again; nothing was marked live");
    }
}
