package io.github.nightlymigration.files;

/**
 * The sync cannot start: a setting is missing or wrong, the bucket does not exist, the credentials are refused,
 * or the endpoint cannot be reached. The message is one line naming the problem and never contains a secret.
 */
public final class SyncSetupException extends RuntimeException {

    /** EX_CONFIG from sysexits.h. */
    public static final int EXIT_CODE = 78;

    public SyncSetupException(String message) {
        super(message);
    }

    public SyncSetupException(String message, Throwable cause) {
        super(message, cause);
    }

    public int exitCode() {
        return EXIT_CODE;
    }
}
