package io.github.nightlymigration.guard;

import java.util.Map;

/**
 * How much of a table's existing rows one night may change before a run refuses to publish.
 *
 * <ul>
 * <li>{@code MIGRATOR_CHANGE_LIMIT} (default 50%): the share of a table's live rows that may change, as {@code 50%}
 *     or {@code 0.5};</li>
 * <li>{@code MIGRATOR_CHANGE_LIMIT_<TABLE>}: the same for one new table ({@code MIGRATOR_CHANGE_LIMIT_NOTIFICATIONS=90%}
 *     when the old app rewrites every notification's read flag);</li>
 * <li>{@code MIGRATOR_CHANGE_MIN_ROWS} (default 100): a table with fewer live rows is not guarded (3 of 5 groups
 *     renamed is not a mass change).</li>
 * </ul>
 * Accepting is never a setting: it comes from the run's {@code --accept-changes} flag or the notebook's
 * {@code acceptChanges} parameter, for one run.
 *
 * @param acceptedBy what accepted changes beyond the limits for this run (for the report), or null
 */
public record ChangePolicy(TableLimits limits, long minRows, String acceptedBy) {
    public static final double DEFAULT_LIMIT = 0.50;
    public static final long DEFAULT_MIN_ROWS = 100;

    public static ChangePolicy fromMap(Map<String, String> env) {
        return new ChangePolicy(TableLimits.fromMap(env, "MIGRATOR_CHANGE_LIMIT", DEFAULT_LIMIT),
                GuardSettings.minRows(env, "MIGRATOR_CHANGE_MIN_ROWS", DEFAULT_MIN_ROWS), null);
    }

    /** This run publishes mass changes on purpose; {@code by}: "--accept-changes", or the notebook's parameter as is. */
    public ChangePolicy accepting(String by) {
        String how = GuardSettings.acceptedBy(by, "acceptChanges");
        return how == null ? this : new ChangePolicy(limits, minRows, how);
    }

    /** True when {@code changed} of a table's {@code existing} live rows is more than it may change in one night. */
    public boolean refuses(String table, long existing, long changed) {
        return existing >= minRows && changed > limits.of(table) * existing;
    }

    /** For the settings' summary: "50% of a table's rows (comments 90%), tables under 100 rows unguarded". */
    public static String describe(ChangePolicy p) {
        String out = p.limits.summary(" of a table's rows") + ", tables under " + p.minRows + " rows unguarded";
        return p.acceptedBy == null ? out : out + "; changes accepted by " + p.acceptedBy;
    }
}
