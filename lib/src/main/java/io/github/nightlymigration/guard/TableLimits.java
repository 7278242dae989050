package io.github.nightlymigration.guard;

import io.github.nightlymigration.MigratorException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A guard's limit as a share of a table: {@code <variable>} for every table, {@code <variable>_<TABLE>} for one
 * (old or new table name). Both guards read, check and describe theirs the same way, so one message shape names the
 * variable an operator would change.
 *
 * @param perTable shares by table name in lower case
 */
public record TableLimits(String variable, double share, Map<String, Double> perTable) {
    public TableLimits {
        perTable = Map.copyOf(perTable);
    }

    /** {@code variable} as {@code 10%} or {@code 0.1} ({@code fallback} when unset), and its per-table variables. */
    static TableLimits fromMap(Map<String, String> env, String variable, double fallback) {
        String value = env.get(variable);
        double share = value == null || value.isBlank() ? fallback : share(variable, value);
        String prefix = variable + "_";
        Map<String, Double> perTable = new TreeMap<>();
        env.forEach((name, v) -> {
            if (name.startsWith(prefix) && !v.isBlank()) {
                perTable.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT), share(name, v));
            }
        });
        return new TableLimits(variable, share, perTable);
    }

    public double of(String table) {
        return perTable.getOrDefault(table, share);
    }

    /** Where a table's limit comes from, for messages: "10% (MIGRATOR_SHRINK_LIMIT)", "60% (MIGRATOR_SHRINK_LIMIT_NOTIFICATIONS)". */
    public String describe(String table) {
        Double own = perTable.get(table);
        return own != null ? percent(own) + " (" + variable + "_" + table.toUpperCase(Locale.ROOT) + ")"
                : percent(share) + " (" + variable + ")";
    }

    /** For the settings' summary: "10%" + {@code unit} + " (comments 50%)" when a table has its own. */
    String summary(String unit) {
        StringBuilder out = new StringBuilder(percent(share)).append(unit);
        if (!perTable.isEmpty()) {
            out.append(" (").append(String.join(", ", perTable.entrySet().stream()
                    .map(e -> e.getKey() + " " + percent(e.getValue())).toList())).append(')');
        }
        return out.toString();
    }

    static String percent(double share) {
        double p = share * 100;
        return (p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
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
}
