package io.github.nightlymigration.guard;

import io.github.nightlymigration.MigratorException;
import java.util.Map;

/** What both guards read besides their limits: a row count below which they do not judge, and a run's acceptance. */
final class GuardSettings {
    private GuardSettings() {}

    static long minRows(Map<String, String> env, String name, long fallback) {
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

    /**
     * What a run's flag or notebook parameter accepts: null for blank or "false" (accepting nothing), the notebook
     * parameter's name for "true", the flag itself ("--accept-shrink") otherwise. Never a setting: a variable left in
     * a crontab would accept every disaster after it.
     */
    static String acceptedBy(String by, String parameter) {
        if (by == null || by.isBlank() || by.trim().equalsIgnoreCase("false")) return null;
        return by.trim().equalsIgnoreCase("true") ? "notebook parameter " + parameter : by.trim();
    }
}
