package io.github.nightlymigration.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Signals a dead man's switch the way healthchecks.io (and its self-hosted and look-alike services) expects:
 * {@code <url>/start} when a command starts, {@code <url>} when it ends with exit code 0, {@code <url>/<code>}
 * otherwise, each a POST whose body is one line. A ping is tried three times with short timeouts; one that still
 * fails is one warning, never the command's outcome.
 */
final class HealthPing {
    static final int ATTEMPTS = 3;
    /** healthchecks.io keeps the first 100 kB of a body; ours is one line, cut well below. */
    static final int BODY_LIMIT = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final URI url;
    private final Consumer<String> warnings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    HealthPing(URI url, Consumer<String> warnings) {
        this.url = url;
        this.warnings = warnings;
    }

    void start(String body) {
        send("/start", body);
    }

    void finish(int exitCode, String body) {
        send(exitCode == 0 ? "" : "/" + exitCode, body);
    }

    /** The signal goes between the check's path and any query (a slug URL's {@code ?create=1}). */
    URI signal(String suffix) {
        String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + path + suffix + query);
    }

    private void send(String suffix, String body) {
        String text = body.length() > BODY_LIMIT ? body.substring(0, BODY_LIMIT) : body;
        HttpRequest request = HttpRequest.newBuilder(signal(suffix)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build();
        String failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) return;
                failure = "HTTP " + status;
                if (status / 100 == 4) break; // an unknown check or a bad URL: asking again will not help
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
                break;
            }
            if (attempt < ATTEMPTS && !pause(attempt)) break;
        }
        warnings.accept("warning: health ping " + MonitoringSettings.masked(url.toString())
                + (suffix.isEmpty() ? " (success)" : suffix) + " failed (" + failure + ", " + ATTEMPTS
                + " attempts at most); the command's outcome is unchanged");
    }

    private static boolean pause(int attempt) {
        try {
            Thread.sleep(PAUSE.toMillis() * attempt);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
