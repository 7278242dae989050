package io.github.nightlymigration.report;

import io.github.nightlymigration.MigratorSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How old the legacy data is that a night read: its newest write and where that was found (a standby's last
 * replayed transaction, or the newest {@code created_at}/{@code updated_at} of the six tables), measured in the
 * run's own snapshot against the legacy server's clock.
 *
 * @param newestWrite null when the six tables hold no timestamp at all (an empty database)
 * @param foundIn     e.g. {@code pg_last_xact_replay_timestamp() (a standby)} or {@code comments.updated_at}
 * @param measuredAt  the legacy server's time of the snapshot
 */
public record SourceAge(Instant newestWrite, String foundIn, Instant measuredAt) {

    /** Null when there is no write to measure. */
    public Duration age() {
        return newestWrite == null ? null : Duration.between(newestWrite, measuredAt);
    }

    /** One line, e.g. {@code newest write 2026-12-05T23:10:04Z (3h12m old, or 412 days old), comments.updated_at}. */
    public String describe() {
        if (newestWrite == null) return "no write found: " + foundIn;
        return "newest write " + newestWrite.truncatedTo(ChronoUnit.SECONDS) + " (" + ageText(age()) + "), " + foundIn;
    }

    private static String ageText(Duration age) {
        if (age.isNegative()) return "ahead of the server's clock";
        if (age.toMinutes() == 0) return "under a minute old";
        if (age.toDays() >= 2) return age.toDays() + " days old";
        return MigratorSettings.human(age.truncatedTo(ChronoUnit.MINUTES)) + " old";
    }
}
