package io.github.nightlymigration.guard;

import java.util.Map;

/**
 * How far a table may shrink from the last published night before a run refuses to publish.
 *
 * <ul>
 * <li>{@code MIGRATOR_SHRINK_LIMIT} (default 10%): the share of a table's rows a night may lose, as {@code 10%} or
 *     {@code 0.1};</li>
 * <li>{@code MIGRATOR_SHRINK_LIMIT_<TABLE>}: the same for one table (old or new table name, e.g.
 *     {@code MIGRATOR_SHRINK_LIMIT_COMMENTS=50%});</li>
 * <li>{@code MIGRATOR_SHRINK_MIN_ROWS} (default 10): a loss of fewer rows is churn whatever its share, so a
 *     handful of deleted rows in a small table publishes; a table that becomes empty is refused regardless.</li>
 * </ul>
 * Accepting a shrink is never a setting: it comes from the run's {@code --accept-shrink} flag or the notebook's
 * {@code acceptShrink} parameter.
 *
 * @param acceptedBy what accepted a shrink for this run (for the report), or null
 */
public record ShrinkPolicy(TableLimits limits, long minRows, String acceptedBy) {
    public static final double DEFAULT_LIMIT = 0.10;
    public static final long DEFAULT_MIN_ROWS = 10;

    public static ShrinkPolicy fromMap(Map<String, String> env) {
        return new ShrinkPolicy(TableLimits.fromMap(env, "MIGRATOR_SHRINK_LIMIT", DEFAULT_LIMIT),
                GuardSettings.minRows(env, "MIGRATOR_SHRINK_MIN_ROWS", DEFAULT_MIN_ROWS), null);
    }

    /** This run publishes a shrink on purpose; {@code by}: "--accept-shrink", or the notebook's parameter as is. */
    public ShrinkPolicy accepting(String by) {
        String how = GuardSettings.acceptedBy(by, "acceptShrink");
        return how == null ? this : new ShrinkPolicy(limits, minRows, how);
    }

    /** True when going from {@code last} to {@code tonight} rows loses more than the table may. */
    public boolean refuses(String table, long last, long tonight) {
        if (tonight >= last) return false;
        if (tonight == 0) return true;
        long lost = last - tonight;
        return lost >= minRows && lost > limits.of(table) * last;
    }

    /** For the settings' summary: "10% per table (comments 50%), losses under 10 rows are churn". */
    public static String describe(ShrinkPolicy p) {
        String out = p.limits.summary(" per table") + ", losses under " + p.minRows + " rows are churn";
        return p.acceptedBy == null ? out : out + "; shrink accepted by " + p.acceptedBy;
    }
}
