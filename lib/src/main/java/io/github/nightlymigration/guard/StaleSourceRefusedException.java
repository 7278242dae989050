package io.github.nightlymigration.guard;

/** The legacy database's newest write is older than MIGRATOR_SOURCE_MAX_AGE; nothing was published (exit code 4). */
public final class StaleSourceRefusedException extends PublishRefusedException {
    public StaleSourceRefusedException(String message) {
        super(message);
    }
}
