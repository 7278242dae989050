package io.github.nightlymigration.runbook;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.files.SyncReport;

/** The files step's verdict: failed uploads fail the step (and cron's exit code); missing files are only reported. */
public final class FilesOutcome {
    private FilesOutcome() {}

    public static String require(SyncReport report) {
        if (report.hasFailures()) {
            throw new MigratorException(MigratorException.RUN_FAILED, report.failed().size() + " of " + report.rows()
                    + " uploads failed (first: " + report.failed().get(0).reason() + "); rerun to complete");
        }
        return String.format("all present: %d uploaded, %d already in the bucket; %d missing on disk, %d orphan files,"
                + " %d unsafe names (reported above)", report.uploaded(), report.skippedUnchanged(),
                report.missing().size(), report.orphans().size(), report.unsafe().size());
    }
}
