package io.github.nightlymigration;

/**
 * A failure the operator must act on. Carries the process exit code, which the scripts and
 * the headless notebook runner both use (they look for a public {@code exitCode()} method).
 */
public class MigratorException extends RuntimeException {
    /** The run failed midway; the new database is as the previous successful run left it. */
    public static final int RUN_FAILED = 1;
    /** Bad configuration or a failed preflight check; nothing was written. */
    public static final int CONFIGURATION = 2;
    /** The translator file is missing or damaged and must be restored; nothing was written. */
    public static final int TRANSLATOR = 3;
    /**
     * A guard refused to publish: the run would make a table lose more than its allowed share of rows since the last
     * published run (or empty it; {@code --accept-shrink} publishes on purpose), or the legacy database's newest write
     * is older than {@code MIGRATOR_SOURCE_MAX_AGE}; nothing was published.
     */
    public static final int SHRINK_REFUSED = 4;
    /** The new database was cut over and is live: {@code migrate} would overwrite what its users wrote. */
    public static final int DATABASE_LIVE = 5;
    /** The cut-over refused: the old app still writes, or the final validation failed; nothing was marked live. */
    public static final int CUTOVER_REFUSED = 6;
    /** An export fails its manifest: edited, truncated or incomplete (EX_DATAERR). */
    public static final int EXPORT_REFUSED = 65;
    /**
     * The night is published (the new database and the translator hold it), but recording it afterwards
     * failed: the run folder, report.json or the executed notebook (EX_IOERR: a full disk, typically).
     */
    public static final int PUBLISHED_NOT_RECORDED = 74;
    /** Another run holds the lock (EX_TEMPFAIL: cron may simply try again later). */
    public static final int LOCKED = 75;
    /** The files step cannot start: files root, bucket, credentials or endpoint unusable (EX_CONFIG). */
    public static final int FILES_SETUP = 78;

    private final int exitCode;

    public MigratorException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public MigratorException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static MigratorException configuration(String message) {
        return new MigratorException(CONFIGURATION, message);
    }
}
