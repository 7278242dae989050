package io.github.nightlymigration.monitoring;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a command's health pings and metrics go: {@code MIGRATOR_HEALTHCHECK_URL} (a dead man's switch in the style
 * of healthchecks.io) and {@code MIGRATOR_METRICS_DIR} (node_exporter's textfile collector directory); each is off
 * when unset. A URL that is not http(s) turns the pings off with a warning: monitoring never decides a night.
 *
 * @param healthcheckUrl null: no pings
 * @param metricsDir     null: no metrics file
 * @param problem        why a set variable is ignored, or null
 */
public record MonitoringSettings(URI healthcheckUrl, Path metricsDir, String problem) {
    public static final String HEALTHCHECK_URL = "MIGRATOR_HEALTHCHECK_URL";
    public static final String METRICS_DIR = "MIGRATOR_METRICS_DIR";

    public static MonitoringSettings fromEnvironment() {
        return fromMap(System.getenv());
    }

    public static MonitoringSettings fromMap(Map<String, String> env) {
        String dir = env.get(METRICS_DIR);
        Path metrics = dir == null || dir.isBlank() ? null : Path.of(dir.strip());
        String url = env.get(HEALTHCHECK_URL);
        if (url == null || url.isBlank()) return new MonitoringSettings(null, metrics, null);
        try {
            URI uri = URI.create(url.strip());
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
                return new MonitoringSettings(uri, metrics, null);
            }
        } catch (IllegalArgumentException ignored) {
            // reported as the problem below
        }
        return new MonitoringSettings(null, metrics, HEALTHCHECK_URL + " is not an http(s) URL ("
                + masked(url.strip()) + "): health pings are off");
    }

    /**
     * The ping URL as the operator may see it: its path (healthchecks.io's check UUID, or ping key and slug) is
     * what lets anyone ping the check, so only scheme, host and port are shown.
     */
    public static String masked(String url) {
        int authority = url.indexOf("://");
        if (authority < 0) return "***";
        int path = url.indexOf('/', authority + 3);
        String hostPart = path < 0 ? url : url.substring(0, path);
        int at = hostPart.lastIndexOf('@');
        String shown = at < 0 ? hostPart : hostPart.substring(0, authority + 3) + hostPart.substring(at + 1);
        return shown + "/***";
    }

    /** The metrics file of one command. */
    public Path metricsFile(String command) {
        return metricsDir == null ? null : metricsDir.resolve("nightly-migration-" + command + ".prom");
    }

    /** Where the pings and metrics of {@code command} go, as setting, value, setting, value (for a settings table). */
    public String[] rows(String command) {
        return new String[] {"health pings", pings(), "metrics", metrics(command)};
    }

    /** One line for the log: where the pings and metrics of {@code command} go, or that they are off. */
    public String describe(String command) {
        return "health pings: " + pings() + "; metrics: " + metrics(command);
    }

    private String pings() {
        if (healthcheckUrl == null) return problem != null ? problem : "off (" + HEALTHCHECK_URL + " not set)";
        return masked(healthcheckUrl.toString()) + " (/start, then success or /<exit code>)";
    }

    private String metrics(String command) {
        return metricsDir == null ? "off (" + METRICS_DIR + " not set)" : metricsFile(command).toAbsolutePath().toString();
    }
}
