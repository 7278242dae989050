package io.github.nightlymigration.files;

/**
 * A snapshot of a running sync, handed to the progress listener each time a file is settled (found unchanged,
 * uploaded, failed, or in a dry run planned). Totals count the files found on disk; missing and unsafe rows are
 * settled before the first snapshot.
 */
public record SyncProgress(int filesDone, int filesTotal, long bytesDone, long bytesTotal, int uploaded,
                           int skipped, int failed) {

    public double fraction() {
        return bytesTotal > 0 ? (double) bytesDone / bytesTotal : filesTotal == 0 ? 1.0 : (double) filesDone / filesTotal;
    }
}
