package io.github.nightlymigration.files;

import io.github.nightlymigration.MigratorException;

/**
 * The sync cannot start: a setting is missing or wrong, the bucket does not exist, the credentials are refused,
 * or the endpoint cannot be reached. The message is one line naming the problem and never contains a secret.
 */
public final class SyncSetupException extends MigratorException {

    /** EX_CONFIG from sysexits.h. */
    public static final int EXIT_CODE = FILES_SETUP;

    public SyncSetupException(String message) {
        super(EXIT_CODE, message);
    }

    public SyncSetupException(String message, Throwable cause) {
        super(EXIT_CODE, message, cause);
    }
}
