package io.github.nightlymigration.guard;

import io.github.nightlymigration.MigratorException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
 * Accepting a shrink is never a setting (a variable left in a crontab would accept every disaster after it): it
 * comes from the run's {@code --accept-shrink} flag or the notebook's {@code acceptShrink} parameter.
 *
 * @param acceptedBy what accepted a shrink for this run (for the report), or null
 */
public record ShrinkPolicy(double limit, Map<String, Double> perTable, long minRows, String acceptedBy) {
    public static final double DEFAULT_LIMIT = 0.10;
    public static final long DEFAULT_MIN_ROWS = 10;
    private static final String PREFIX = "MIGRATOR_SHRINK_LIMIT_";

    public ShrinkPolicy {
        perTable = Map.copyOf(perTable);
    }

    public static ShrinkPolicy fromMap(Map<String, String> env) {
        return new ShrinkPolicy(share(env, "MIGRATOR_SHRINK_LIMIT", DEFAULT_LIMIT), perTable(env, PREFIX),
                count(env, "MIGRATOR_SHRINK_MIN_ROWS", DEFAULT_MIN_ROWS), null);
    }

    /** {@code <prefix><TABLE>=share} variables, keyed by the table's name in lower case. */
    static Map<String, Double> perTable(Map<String, String> env, String prefix) {
        Map<String, Double> perTable = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(prefix) && !value.isBlank()) {
                perTable.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT), share(name, value));
            }
        });
        return perTable;
    }

    /**
     * This run publishes a shrink on purpose; {@code by} says what accepted it ("--accept-shrink"). The notebook's
     * parameter is passed as is: blank or "false" accepts nothing, "true" is recorded as the notebook parameter.
     */
    public ShrinkPolicy accepting(String by) {
        String how = acceptance(by, "acceptShrink");
        return how == null ? this : new ShrinkPolicy(limit, perTable, minRows, how);
    }

    /** What a flag or notebook parameter accepts: null for blank or "false", the parameter's name for "true". */
    static String acceptance(String by, String parameter) {
        if (by == null || by.isBlank() || by.trim().equalsIgnoreCase("false")) return null;
        return by.trim().equalsIgnoreCase("true") ? "notebook parameter " + parameter : by.trim();
    }

    public double limitFor(String table) {
        return perTable.getOrDefault(table, limit);
    }

    /** Where a table's limit comes from, for messages: "10% (MIGRATOR_SHRINK_LIMIT)". */
    public String describeLimit(String table) {
        Double own = perTable.get(table);
        return own != null ? percent(own) + " (" + PREFIX + table.toUpperCase(Locale.ROOT) + ")"
                : percent(limit) + " (MIGRATOR_SHRINK_LIMIT)";
    }

    /** True when going from {@code last} to {@code tonight} rows loses more than the table may. */
    public boolean refuses(String table, long last, long tonight) {
        if (tonight >= last) return false;
        if (tonight == 0) return true;
        long lost = last - tonight;
        return lost >= minRows && lost > limitFor(table) * last;
    }

    /** For the settings' summary: "10% per table (comments 50%), losses under 10 rows are churn". */
    public static String describe(ShrinkPolicy p) {
        StringBuilder out = new StringBuilder(percent(p.limit)).append(" per table");
        if (!p.perTable.isEmpty()) {
            out.append(" (").append(String.join(", ", p.perTable.entrySet().stream()
                    .map(e -> e.getKey() + " " + percent(e.getValue())).toList())).append(')');
        }
        out.append(", losses under ").append(p.minRows).append(" rows are churn");
        if (p.acceptedBy != null) out.append("; shrink accepted by ").append(p.acceptedBy);
        return out.toString();
    }

    static String percent(double share) {
        double p = share * 100;
        return (p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    static double share(Map<String, String> env, String name, double fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : share(name, value);
    }

    private static double share(String name, String value) {
        String v = value.trim();
        try {
            double share = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1).trim()) / 100
                    : Double.parseDouble(v);
            if (share >= 0 && share <= 1) return share;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw MigratorException.configuration(name + " must be a share between 0% and 100% (e.g. 10% or 0.1), not '"
                + value + "'");
    }

    static long count(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) return fallback;
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw MigratorException.configuration(name + " must be a whole number of rows, not '" + value + "'");
    }
}
