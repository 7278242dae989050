package io.github.nightlymigration.guard;

import java.util.Locale;
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
public record ChangePolicy(double limit, Map<String, Double> perTable, long minRows, String acceptedBy) {
    public static final double DEFAULT_LIMIT = 0.50;
    public static final long DEFAULT_MIN_ROWS = 100;
    private static final String PREFIX = "MIGRATOR_CHANGE_LIMIT_";

    public ChangePolicy {
        perTable = Map.copyOf(perTable);
    }

    public static ChangePolicy fromMap(Map<String, String> env) {
        return new ChangePolicy(ShrinkPolicy.share(env, "MIGRATOR_CHANGE_LIMIT", DEFAULT_LIMIT),
                ShrinkPolicy.perTable(env, PREFIX), ShrinkPolicy.count(env, "MIGRATOR_CHANGE_MIN_ROWS", DEFAULT_MIN_ROWS),
                null);
    }

    /** This run publishes mass changes on purpose; {@code by} ("--accept-changes", or the notebook's "true"). */
    public ChangePolicy accepting(String by) {
        String how = ShrinkPolicy.acceptance(by, "acceptChanges");
        return how == null ? this : new ChangePolicy(limit, perTable, minRows, how);
    }

    public double limitFor(String table) {
        return perTable.getOrDefault(table, limit);
    }

    /** "50% (MIGRATOR_CHANGE_LIMIT)" or "90% (MIGRATOR_CHANGE_LIMIT_NOTIFICATIONS)". */
    public String describeLimit(String table) {
        Double own = perTable.get(table);
        return own != null ? ShrinkPolicy.percent(own) + " (" + PREFIX + table.toUpperCase(Locale.ROOT) + ")"
                : ShrinkPolicy.percent(limit) + " (MIGRATOR_CHANGE_LIMIT)";
    }

    /** True when {@code changed} of a table's {@code existing} live rows is more than it may change in one night. */
    public boolean refuses(String table, long existing, long changed) {
        return existing >= minRows && changed > limitFor(table) * existing;
    }

    /** For the settings' summary: "50% of a table's rows (comments 90%), tables under 100 rows unguarded". */
    public static String describe(ChangePolicy p) {
        StringBuilder out = new StringBuilder(ShrinkPolicy.percent(p.limit)).append(" of a table's rows");
        if (!p.perTable.isEmpty()) {
            out.append(" (").append(String.join(", ", p.perTable.entrySet().stream()
                    .map(e -> e.getKey() + " " + ShrinkPolicy.percent(e.getValue())).toList())).append(')');
        }
        out.append(", tables under ").append(p.minRows).append(" rows unguarded");
        if (p.acceptedBy != null) out.append("; changes accepted by ").append(p.acceptedBy);
        return out.toString();
    }
}
