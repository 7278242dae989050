package io.github.nightlymigration;

import io.github.nightlymigration.guard.ChangePolicy;
import io.github.nightlymigration.guard.ShrinkPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Configuration of the nightly migration, from {@code MIGRATOR_*} environment variables (the
 * scripts' flags and the notebooks' parameters cell override them).
 *
 * <table>
 * <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 * <tr><td>MIGRATOR_OLD_URL</td><td>required</td><td>JDBC URL of the legacy (CreativeQ) database; only read</td></tr>
 * <tr><td>MIGRATOR_OLD_USER / _PASSWORD</td><td>from the URL</td><td>its credentials (a role with SELECT is enough)</td></tr>
 * <tr><td>MIGRATOR_NEW_URL</td><td>required</td><td>JDBC URL of the new database, whose schema the new app owns</td></tr>
 * <tr><td>MIGRATOR_NEW_USER / _PASSWORD</td><td>from the URL</td><td>its credentials (needs TRUNCATE, INSERT, sequence UPDATE)</td></tr>
 * <tr><td>MIGRATOR_STATE_DIR</td><td>./state</td><td>translator file, lock, run folders</td></tr>
 * <tr><td>MIGRATOR_FETCH_SIZE</td><td>10000</td><td>rows per cursor fetch from the legacy database</td></tr>
 * <tr><td>MIGRATOR_LOCK_TIMEOUT</td><td>30s</td><td>how long to wait for the new app's table locks before failing
 *     (positive: 0 would mean waiting forever, and is refused)</td></tr>
 * <tr><td>MIGRATOR_PUBLISH</td><td>swap</td><td>{@code swap}: load into the migrator's own staging schema and
 *     swap the tables in (readers of the new app never wait for the load; preflight falls back to in place when the
 *     live tables carry something a swap would lose); {@code in-place}: today's truncate-and-load in one transaction</td></tr>
 * <tr><td>MIGRATOR_PARALLELISM</td><td>2, or the cores up to 4</td><td>connections that build staged tables'
 *     indexes and check their foreign keys side by side (1: one connection)</td></tr>
 * <tr><td>MIGRATOR_RUN_DIR</td><td>a new {@code <state>/runs/<UTC time>}</td><td>where this run's report goes
 *     (the headless runner sets it so the executed notebook lands beside the report)</td></tr>
 * <tr><td>MIGRATOR_SHRINK_LIMIT</td><td>10%</td><td>the share of a table's rows a night may lose before the run
 *     refuses to publish ({@code _<TABLE>} for one table, {@code MIGRATOR_SHRINK_MIN_ROWS}: see {@link ShrinkPolicy})</td></tr>
 * <tr><td>MIGRATOR_CHANGE_LIMIT</td><td>50%</td><td>the share of a table's rows a night may change before the run
 *     refuses to publish ({@code _<TABLE>} for one table, {@code MIGRATOR_CHANGE_MIN_ROWS}: see {@link ChangePolicy})</td></tr>
 * <tr><td>MIGRATOR_SOURCE_MAX_AGE</td><td>off</td><td>how old the legacy database's newest write may be before the
 *     run refuses to publish, e.g. {@code 36h} (see {@link io.github.nightlymigration.guard.StaleSourceGuard})</td></tr>
 * <tr><td>MIGRATOR_KEEP_RUN_DAYS</td><td>90</td><td>how many days of run folders a night keeps; older ones go,
 *     but never the last published night's (see {@link io.github.nightlymigration.engine.RunFolders#prune})</td></tr>
 * </table>
 */
public record MigratorSettings(
        String oldUrl, String oldUser, String oldPassword,
        String newUrl, String newUser, String newPassword,
        Path stateDir, int fetchSize, Duration lockTimeout, Path runDir, boolean swap, int parallelism,
        ShrinkPolicy shrink, ChangePolicy changes,
        Duration sourceMaxAge, int keepRunDays) {

    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)[?&;]password=");
    private static final Pattern SECRET_IN_URL = Pattern.compile("(?i)(password|secret|sslpassword)=[^&\\s]*");
    /** user:password@ in a URL's authority (http://ops:s3cret@host/...). */
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(://[^/@:\\s]+):[^/@\\s]+@");

    public static MigratorSettings fromEnvironment() {
        return fromMap(System.getenv());
    }

    public static MigratorSettings fromMap(Map<String, String> env) {
        return new MigratorSettings(
                env.get("MIGRATOR_OLD_URL"), env.get("MIGRATOR_OLD_USER"), env.get("MIGRATOR_OLD_PASSWORD"),
                env.get("MIGRATOR_NEW_URL"), env.get("MIGRATOR_NEW_USER"), env.get("MIGRATOR_NEW_PASSWORD"),
                Path.of(env.getOrDefault("MIGRATOR_STATE_DIR", "state")),
                positiveInt(env, "MIGRATOR_FETCH_SIZE", 10_000),
                duration(env, "MIGRATOR_LOCK_TIMEOUT", Duration.ofSeconds(30), SERVER_TIMEOUT_MAX),
                blank(env.get("MIGRATOR_RUN_DIR")) ? null : Path.of(env.get("MIGRATOR_RUN_DIR")),
                swap(env.get("MIGRATOR_PUBLISH")),
                positiveInt(env, "MIGRATOR_PARALLELISM", defaultParallelism()),
                ShrinkPolicy.fromMap(env), ChangePolicy.fromMap(env),
                duration(env, "MIGRATOR_SOURCE_MAX_AGE", null, null),
                keepRunDays(env));
    }

    /** Days of run folders kept (MIGRATOR_KEEP_RUN_DAYS, 90): read here and by the commands that run without a migration. */
    public static int keepRunDays(Map<String, String> env) {
        return positiveInt(env, "MIGRATOR_KEEP_RUN_DAYS", 90);
    }

    /** Index builds and foreign-key checks are each one server process: two keep a 2-core machine busy. */
    private static int defaultParallelism() {
        return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private static boolean swap(String publish) {
        if (blank(publish) || publish.trim().equalsIgnoreCase("swap")) return true;
        if (publish.trim().equalsIgnoreCase("in-place")) return false;
        throw MigratorException.configuration("MIGRATOR_PUBLISH must be swap or in-place, not '" + publish + "'");
    }

    /** Throws a configuration error naming the first missing setting. */
    public MigratorSettings validated() {
        require(oldUrl, "MIGRATOR_OLD_URL", "the JDBC URL of the legacy database, e.g. jdbc:postgresql://host:5432/creativeq");
        require(newUrl, "MIGRATOR_NEW_URL", "the JDBC URL of the new database, e.g. jdbc:postgresql://host:5432/queue");
        if (!oldUrl.startsWith("jdbc:postgresql:")) {
            throw MigratorException.configuration("MIGRATOR_OLD_URL is not a PostgreSQL JDBC URL: " + mask(oldUrl));
        }
        if (!newUrl.startsWith("jdbc:postgresql:")) {
            throw MigratorException.configuration("MIGRATOR_NEW_URL is not a PostgreSQL JDBC URL: " + mask(newUrl));
        }
        onePassword(oldUrl, oldPassword, "MIGRATOR_OLD");
        onePassword(newUrl, newPassword, "MIGRATOR_NEW");
        if (java.nio.file.Files.exists(stateDir) && !java.nio.file.Files.isDirectory(stateDir)) {
            throw MigratorException.configuration("MIGRATOR_STATE_DIR " + stateDir.toAbsolutePath()
                    + " is a file, not a folder (the state folder holds the translator, the lock and the run folders)");
        }
        return this;
    }

    /** The driver lets a URL's password win silently over the variable's: with both set, which one is meant is unknown. */
    private static void onePassword(String url, String password, String prefix) {
        if (password != null && PASSWORD_IN_URL.matcher(url).find()) {
            throw MigratorException.configuration(prefix + "_URL carries a password and " + prefix + "_PASSWORD is set"
                    + " too; the URL's would win unnoticed. Keep " + prefix + "_PASSWORD and take password= out of the"
                    + " URL (a URL shows up in process lists and logs): " + mask(url));
        }
    }

    public MigratorSettings withStateDir(Path dir) {
        return new MigratorSettings(oldUrl, oldUser, oldPassword, newUrl, newUser, newPassword, dir, fetchSize,
                lockTimeout, runDir, swap, parallelism, shrink, changes, sourceMaxAge, keepRunDays);
    }

    /** This run publishes a shrink beyond the limits on purpose; {@code by} is what the report records. */
    public MigratorSettings acceptingShrink(String by) {
        return new MigratorSettings(oldUrl, oldUser, oldPassword, newUrl, newUser, newPassword, stateDir, fetchSize,
                lockTimeout, runDir, swap, parallelism, shrink.accepting(by), changes, sourceMaxAge, keepRunDays);
    }

    /** This run publishes changes beyond the change limits on purpose; {@code by} is what the report records. */
    public MigratorSettings acceptingChanges(String by) {
        return new MigratorSettings(oldUrl, oldUser, oldPassword, newUrl, newUser, newPassword, stateDir, fetchSize,
                lockTimeout, runDir, swap, parallelism, shrink, changes.accepting(by), sourceMaxAge, keepRunDays);
    }

    /** The environment's settings with the notebook's parameters on top (blank parameters keep the environment's). */
    public static MigratorSettings fromParameters(String oldUrl, String newUrl, String stateDir, String runDir) {
        return fromMap(io.github.nightlymigration.runbook.Parameters.env("MIGRATOR_OLD_URL", oldUrl,
                "MIGRATOR_NEW_URL", newUrl, "MIGRATOR_STATE_DIR", stateDir, "MIGRATOR_RUN_DIR", runDir));
    }

    public Properties oldProperties() {
        return credentials(oldUser, oldPassword);
    }

    public Properties newProperties() {
        return credentials(newUser, newPassword);
    }

    /** What the operator may see: passwords masked, in URLs too. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("old database", mask(oldUrl) + (oldUser == null ? "" : " as " + oldUser)
                + (oldPassword == null ? "" : " (password set)"));
        out.put("new database", mask(newUrl) + (newUser == null ? "" : " as " + newUser)
                + (newPassword == null ? "" : " (password set)"));
        out.put("state dir", stateDir.toAbsolutePath().normalize().toString());
        out.put("fetch size", Integer.toString(fetchSize));
        out.put("lock timeout", lockTimeout.toString());
        out.put("publish", swap ? "swap from staging" : "in place");
        out.put("parallelism", Integer.toString(parallelism));
        if (runDir != null) out.put("run dir", runDir.toString());
        out.put("shrink limit", ShrinkPolicy.describe(shrink));
        out.put("change limit", ChangePolicy.describe(changes));
        out.put("source max age", sourceMaxAge == null ? "off (MIGRATOR_SOURCE_MAX_AGE not set)" : human(sourceMaxAge));
        out.put("run folders kept", keepRunDays + " days, and the last published night's");
        return out;
    }

    @Override
    public String toString() {
        return "MigratorSettings" + describe();
    }

    /** A URL (or a line holding URLs) with any password parameter, and the password of a user:password@, replaced by ***. */
    public static String mask(String url) {
        if (url == null) return "(not set)";
        return USERINFO_PASSWORD.matcher(SECRET_IN_URL.matcher(url).replaceAll("$1=***")).replaceAll("$1:***@");
    }

    /** A duration as it is set: 36h, 90m, 1h30m. */
    public static String human(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    private static Properties credentials(String user, String password) {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        return p;
    }

    /** A setting's value as a message repeats it: the start of a long one. */
    private static String shortened(String v) {
        return v.length() <= 80 ? v : v.substring(0, 80) + "... (" + v.length() + " characters)";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void require(String value, String name, String what) {
        if (value == null || value.isBlank()) {
            throw MigratorException.configuration(name + " is not set (" + what + ")");
        }
    }

    private static int positiveInt(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw MigratorException.configuration(name + " must be a positive whole number, not '" + shortened(v) + "'");
    }

    /** PostgreSQL takes its timeouts in int milliseconds: about 24 days. */
    private static final Duration SERVER_TIMEOUT_MAX = Duration.ofMillis(Integer.MAX_VALUE);

    /** A positive duration ({@code 0} would mean "wait forever" to PostgreSQL); {@code max}, where one applies. */
    private static Duration duration(Map<String, String> env, String name, Duration fallback, Duration max) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return fallback;
        Duration d;
        try {
            d = Duration.parse("PT" + v.trim().toUpperCase());
        } catch (RuntimeException e) {
            throw MigratorException.configuration(name + " must be a duration like 30s, 2m or 36h, not '" + shortened(v) + "'");
        }
        if (d.isNegative() || d.isZero()) {
            throw MigratorException.configuration(name + " must be a positive duration like 30s or 2m"
                    + " (0 would mean waiting forever), not '" + shortened(v) + "'");
        }
        if (max != null && d.compareTo(max) > 0) {
            throw MigratorException.configuration(name + " must be at most 24 days (PostgreSQL's longest timeout), not '"
                    + shortened(v) + "'");
        }
        return d;
    }
}
