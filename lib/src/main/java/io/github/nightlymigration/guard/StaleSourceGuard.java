package io.github.nightlymigration.guard;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.report.SourceAge;
import io.github.nightlymigration.rules.MigrationPlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import org.jooq.Table;

/**
 * Never publish yesterday's data as tonight's: a read replica whose replay stalled keeps serving old rows, and every
 * other guard passes because nothing shrank. The source's age is measured in the run's snapshot, before anything is
 * loaded, so a refused night costs one query: on a standby the last replayed transaction, elsewhere the newest
 * {@code created_at}/{@code updated_at} of the six tables (they have no index on those columns: one scan of each
 * table: 0.5-0.6 s at scale 1, twice a count of the six).
 */
public final class StaleSourceGuard {
    private StaleSourceGuard() {}

    /**
     * Puts the source's age into the report (the dry run and the notebook show it every night) and, for a run that
     * publishes with a limit set, refuses a source older than the limit.
     *
     * @param maxAge null: no limit (a quiet old app is normal)
     * @throws StaleSourceRefusedException the newest write is older than {@code maxAge}, or there is none
     */
    public static void check(Connection old, Duration maxAge, RunReport report, boolean publishing) throws SQLException {
        SourceAge source = measure(old);
        report.source(source);
        if (!publishing || maxAge == null) return;
        if (source.newestWrite() == null || source.age().compareTo(maxAge) > 0) {
            throw new StaleSourceRefusedException("refused to publish: the legacy database's " + source.describe()
                    + ", is older than MIGRATOR_SOURCE_MAX_AGE=" + MigratorSettings.human(maxAge) + ". Nothing was"
                    + " published: the new database is as the last published run left it. Check that the old app"
                    + " still writes and that MIGRATOR_OLD_URL points at a database that follows it (a standby whose"
                    + " replay stopped, a forgotten restore); report: " + report.runFolder());
        }
    }

    /** The newest write the snapshot can see, by the legacy server's clock. */
    public static SourceAge measure(Connection old) throws SQLException {
        try (Statement s = old.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT now(), pg_is_in_recovery(), pg_last_xact_replay_timestamp()")) {
                r.next();
                Instant now = r.getObject(1, OffsetDateTime.class).toInstant();
                OffsetDateTime replayed = r.getObject(3, OffsetDateTime.class);
                if (r.getBoolean(2) && replayed != null) {
                    return new SourceAge(replayed.toInstant(), "pg_last_xact_replay_timestamp() (a standby)", now);
                }
                return newestRow(s, now);
            }
        }
    }

    /** One scan per table for both columns. Rails writes timestamp without time zone, in UTC. */
    private static SourceAge newestRow(Statement s, Instant now) throws SQLException {
        String union = MigrationPlan.oldTables().stream().map(Table::getName)
                .map(t -> "SELECT '" + t + "' AS name, max(created_at) AS created, max(updated_at) AS updated FROM " + t)
                .collect(Collectors.joining(" UNION ALL "));
        LocalDateTime newest = null;
        String foundIn = "the six tables hold no created_at or updated_at";
        try (ResultSet r = s.executeQuery(union)) {
            while (r.next()) {
                for (String column : new String[] {"created", "updated"}) {
                    LocalDateTime at = r.getObject(column, LocalDateTime.class);
                    if (at != null && (newest == null || at.isAfter(newest))) {
                        newest = at;
                        foundIn = r.getString("name") + "." + column + "_at";
                    }
                }
            }
        }
        return new SourceAge(newest == null ? null : newest.toInstant(ZoneOffset.UTC), foundIn, now);
    }
}
