package io.github.nightlymigration.monitoring;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.files.SyncReport;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.report.SourceAge;
import io.github.nightlymigration.report.TableAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/** The metrics one command's run leaves for Prometheus; every sample carries the command, so files never clash. */
final class CommandMetrics {
    static final String LAST_SUCCESS = "nightly_migration_last_success_timestamp_seconds";
    /** Exit codes that mean a guard refused (shrink or stale source, a live database, a refused cut-over). */
    private static final Set<Integer> REFUSALS = Set.of(MigratorException.SHRINK_REFUSED, MigratorException.DATABASE_LIVE,
            MigratorException.CUTOVER_REFUSED);

    private CommandMetrics() {}

    /**
     * @param previousSuccess the last success of the previous file, kept when this run failed
     * @param results         what the run produced and the watch was shown (a RunReport, a SyncReport)
     */
    static PromText of(String command, int exitCode, Instant started, Instant finished, OptionalDouble previousSuccess,
            List<Object> results) {
        String[] c = {"command", command};
        PromText m = new PromText()
                .gauge("nightly_migration_last_exit_code", "Exit code of the command's last run (0: success).", exitCode, c)
                .gauge("nightly_migration_last_run_timestamp_seconds", "When the command's last run ended, in Unix time.",
                        seconds(finished), c)
                .gauge(LAST_SUCCESS, "When the command last ended with exit code 0, in Unix time (0: never).",
                        exitCode == 0 ? seconds(finished) : previousSuccess.orElse(0), c)
                .gauge("nightly_migration_duration_seconds", "How long the command's last run took.",
                        Duration.between(started, finished).toMillis() / 1000.0, c)
                .gauge("nightly_migration_last_refused", "1 when the last run was refused by a guard (exit code 4, 5 or 6):"
                        + " nothing was published.", REFUSALS.contains(exitCode) ? 1 : 0, c);
        for (Object result : results) {
            if (result instanceof RunReport report) runReport(m, command, report);
            if (result instanceof SyncReport report) syncReport(m, command, report);
        }
        return m;
    }

    private static void runReport(PromText m, String command, RunReport report) {
        for (TableAccount a : report.accounts()) {
            m.gauge("nightly_migration_rows", "Rows of the last run: read per old table, written per new table.", a.read(),
                    "command", command, "side", "old", "table", a.table());
        }
        report.writtenByNewTable().forEach((table, rows) -> m.gauge("nightly_migration_rows",
                "Rows of the last run: read per old table, written per new table.", rows,
                "command", command, "side", "new", "table", table));
        for (TableAccount a : report.accounts()) {
            m.gauge("nightly_migration_rejected_rows", "Old rows the last run rejected, per old table (rejects.csv).",
                    a.rejected(), "command", command, "table", a.table());
        }
        SourceAge source = report.source();
        if (source != null && source.newestWrite() != null) {
            m.gauge("nightly_migration_source_newest_write_timestamp_seconds", "The legacy database's newest write the"
                    + " last run saw, in Unix time.", seconds(source.newestWrite()), "command", command);
        }
    }

    private static void syncReport(PromText m, String command, SyncReport report) {
        String help = "Files of the last sync: uploaded, skipped (already in the bucket), missing on disk, failed.";
        m.gauge("nightly_migration_files", help, report.uploaded(), "command", command, "result", "uploaded");
        m.gauge("nightly_migration_files", help, report.skippedUnchanged(), "command", command, "result", "skipped");
        m.gauge("nightly_migration_files", help, report.missing().size(), "command", command, "result", "missing");
        m.gauge("nightly_migration_files", help, report.failed().size(), "command", command, "result", "failed");
    }

    private static double seconds(Instant t) {
        return t.getEpochSecond();
    }
}
