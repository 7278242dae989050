package io.github.nightlymigration.files;

/**
 * A snapshot of a running sync, handed to the progress listener after each file. {@code CHECKING} compares every
 * row with the bucket (hashing files the ledger does not know); {@code UPLOADING} counts only the files that need
 * an upload, so a progress bar can use {@code filesTotal}/{@code bytesTotal} of that phase.
 */
public record SyncProgress(Phase phase, int filesDone, int filesTotal, long bytesDone, long bytesTotal,
                           int failed) {

    public enum Phase { CHECKING, UPLOADING }

    public double fraction() {
        return filesTotal == 0 ? 1.0 : (double) filesDone / filesTotal;
    }
}
