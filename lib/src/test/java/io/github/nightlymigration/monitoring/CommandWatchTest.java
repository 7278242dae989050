package io.github.nightlymigration.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.nightlymigration.MigratorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch against a real HTTP listener on loopback standing in for the ping service: what it is sent, in which
 * order, with which bodies; the .prom file it leaves; and that a listener that is gone changes nothing but a warning.
 */
class CommandWatchTest {
    record Ping(String method, String path, String body) {}

    @TempDir Path dir;
    HttpServer server;
    final List<Ping> pings = new CopyOnWriteArrayList<>();
    int status = 200;

    @BeforeEach
    void listener() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            pings.add(new Ping(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    Map<String, String> env() {
        return Map.of("MIGRATOR_HEALTHCHECK_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/ping/0c5e-uuid",
                "MIGRATOR_METRICS_DIR", dir.resolve("textfile").toString());
    }

    String prom(String command) throws IOException {
        return Files.readString(dir.resolve("textfile").resolve("nightly-migration-" + command + ".prom"));
    }

    /** The sample's value in a .prom text, for the one line that starts with {@code series}. */
    static double value(String prom, String series) {
        return prom.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(series + " not in:\n" + prom));
    }

    @Test
    void aGoodRunPingsStartThenSuccessAndLeavesItsMetrics() throws Exception {
        CommandWatch watch = CommandWatch.begin("export-ids", env(), dir.resolve("state"));
        assertTrue(Files.readString(dir.resolve("state/last-outcome.txt")).contains("export-ids started"),
                "a run killed midway leaves a line that says so");
        watch.end(0, null);
        assertEquals(List.of("/ping/0c5e-uuid/start", "/ping/0c5e-uuid"), pings.stream().map(Ping::path).toList());
        assertTrue(pings.stream().allMatch(p -> p.method().equals("POST")));
        assertEquals("export-ids exit 0: done", pings.get(1).body());
        assertEquals("export-ids exit 0: done\n", Files.readString(dir.resolve("state/last-outcome.txt")));

        String prom = prom("export-ids");
        assertEquals(0, value(prom, "nightly_migration_last_exit_code{command=\"export-ids\"}"));
        double success = value(prom, "nightly_migration_last_success_timestamp_seconds{command=\"export-ids\"}");
        assertEquals(System.currentTimeMillis() / 1000.0, success, 60);
        assertEquals(success, value(prom, "nightly_migration_last_run_timestamp_seconds{command=\"export-ids\"}"));
        for (String name : new String[] {"nightly_migration_last_exit_code", "nightly_migration_last_run_timestamp_seconds",
            "nightly_migration_last_success_timestamp_seconds", "nightly_migration_duration_seconds",
            "nightly_migration_last_refused"}) {
            assertTrue(prom.contains("# HELP " + name + " ") && prom.contains("# TYPE " + name + " gauge\n"), name + " in:\n" + prom);
        }
        try (var files = Files.list(dir.resolve("textfile"))) {
            assertEquals(List.of("nightly-migration-export-ids.prom"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file left beside it");
        }
    }

    @Test
    void aRefusedRunPingsItsExitCodeAndKeepsTheLastSuccess() throws Exception {
        CommandWatch.begin("migrate", env(), dir.resolve("state")).end(0, null);
        double lastSuccess = value(prom("migrate"), "nightly_migration_last_success_timestamp_seconds{command=\"migrate\"}");
        pings.clear();
        Thread.sleep(1100); // a later second, so that a success time written anew would differ

        CommandWatch watch = CommandWatch.begin("migrate", env(), dir.resolve("state"));
        watch.runFolder(dir.resolve("state/runs/2026-12-06T000000Z"));
        watch.end(4, "refused to publish: comments (old table) 1,000 rows last night -> 0 tonight\n\tat somewhere");
        assertEquals(List.of("/ping/0c5e-uuid/start", "/ping/0c5e-uuid/4"), pings.stream().map(Ping::path).toList());
        String line = "migrate exit 4: refused to publish: comments (old table) 1,000 rows last night -> 0 tonight;"
                + " run folder " + dir.resolve("state/runs/2026-12-06T000000Z");
        assertEquals(line, pings.get(1).body(), "one line: the reason and the run folder");
        assertEquals(line + "\n", Files.readString(dir.resolve("state/last-outcome.txt")));
        String prom = prom("migrate");
        assertEquals(4, value(prom, "nightly_migration_last_exit_code{command=\"migrate\"}"));
        assertEquals(1, value(prom, "nightly_migration_last_refused{command=\"migrate\"}"));
        assertEquals(lastSuccess, value(prom, "nightly_migration_last_success_timestamp_seconds{command=\"migrate\"}"));
        assertTrue(value(prom, "nightly_migration_last_run_timestamp_seconds{command=\"migrate\"}") > lastSuccess);
    }

    @Test
    void noSecretInPingsOutcomeOrLog() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            CommandWatch.begin("migrate", env(), dir.resolve("state")).end(2, "cannot connect to "
                    + "jdbc:postgresql://db/creativeq?user=m&password=hunter2 (S3 at http://ops:s3cr3t@minio:9000/b)");
        } finally {
            System.setErr(err);
        }
        String everything = pings + Files.readString(dir.resolve("state/last-outcome.txt")) + prom("migrate") + log;
        for (String secret : new String[] {"hunter2", "s3cr3t", "0c5e-uuid"}) {
            String seen = secret.equals("0c5e-uuid") ? log.toString() : everything;
            assertFalse(seen.contains(secret), secret + " in:\n" + seen);
        }
        assertTrue(pings.get(1).body().contains("password=***") && pings.get(1).body().contains("ops:***@minio"), pings.toString());
        assertTrue(log.toString().contains("migrate: health pings: http://127.0.0.1:" + server.getAddress().getPort()
                + "/*** (/start, then success or /<exit code>); metrics: " + dir.resolve("textfile/nightly-migration-migrate.prom")),
                "the log says where pings and metrics go: " + log);
    }

    @Test
    void aListenerThatIsGoneIsOneWarningAndNothingElse() throws Exception {
        server.stop(0);
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        long started = System.nanoTime();
        try {
            CommandWatch.begin("sync-files", env(), dir.resolve("state")).end(0, null);
        } finally {
            System.setErr(err);
        }
        List<String> warnings = log.toString().lines().filter(l -> l.startsWith("warning:")).toList();
        assertEquals(2, warnings.size(), "one warning per ping:\n" + log);
        assertTrue(warnings.get(0).contains("/***/start failed (ConnectException") && warnings.get(0).contains("outcome is unchanged"),
                warnings.get(0));
        assertTrue((System.nanoTime() - started) / 1e9 < 20, "short timeouts, few retries");
        assertEquals(0, value(prom("sync-files"), "nightly_migration_last_exit_code{command=\"sync-files\"}"), "metrics still written");
    }

    @Test
    void aServerErrorIsRetriedAndAnUnknownCheckIsNot() throws Exception {
        status = 503;
        CommandWatch.begin("migrate", Map.of("MIGRATOR_HEALTHCHECK_URL", env().get("MIGRATOR_HEALTHCHECK_URL")), dir).end(0, null);
        assertEquals(2 * HealthPing.ATTEMPTS, pings.size(), pings.toString());
        pings.clear();
        status = 404;
        CommandWatch.begin("migrate", Map.of("MIGRATOR_HEALTHCHECK_URL", env().get("MIGRATOR_HEALTHCHECK_URL")), dir).end(0, null);
        assertEquals(2, pings.size(), pings.toString());
    }

    @Test
    void insideAWatchingCommandTheNotebookCellOnlyHandsOverItsResult() throws Exception {
        CommandWatch outer = CommandWatch.begin("migrate", env(), dir.resolve("state"));
        assertSame(outer, CommandWatch.current().orElseThrow());
        assertEquals("x", CommandWatch.around("migrate", dir.resolve("state"), () -> "x"));
        assertThrows(MigratorException.class, () -> CommandWatch.around("migrate", dir.resolve("state"), () -> {
            throw MigratorException.configuration("bad");
        }));
        outer.end(0, null);
        assertEquals(List.of("/ping/0c5e-uuid/start", "/ping/0c5e-uuid"), pings.stream().map(Ping::path).toList(),
                "one pair of pings for the night");
        assertTrue(CommandWatch.current().isEmpty());
    }

    @Test
    void byHandTheCellIsWatchedItself() throws Exception {
        // System.getenv() has no MIGRATOR_HEALTHCHECK_URL here: no ping, but the outcome line and the exit code's reason.
        PrintStream out = System.out;
        ByteArrayOutputStream cell = new ByteArrayOutputStream();
        System.setOut(new PrintStream(cell, true, StandardCharsets.UTF_8));
        MigratorException e;
        try {
            e = assertThrows(MigratorException.class, () -> CommandWatch.around("migrate", dir.resolve("state"),
                    () -> { throw new MigratorException(75, "another run holds the lock"); }));
        } finally {
            System.setOut(out);
        }
        assertEquals(75, e.exitCode());
        assertEquals("migrate exit 75: another run holds the lock\n", Files.readString(dir.resolve("state/last-outcome.txt")));
        assertTrue(cell.toString().startsWith("migrate: health pings: off"), "plain cell output, not red stderr: " + cell);
        assertTrue(CommandWatch.current().isEmpty());
        assertTrue(pings.isEmpty());
    }

    @Test
    void aUrlThatIsNoUrlTurnsThePingsOffAndSaysSo() {
        MonitoringSettings s = MonitoringSettings.fromMap(Map.of("MIGRATOR_HEALTHCHECK_URL", "hc-ping.com/secret-uuid"));
        assertEquals(null, s.healthcheckUrl());
        assertTrue(s.describe("migrate").startsWith("health pings: MIGRATOR_HEALTHCHECK_URL is not an http(s) URL ("), s.describe("migrate"));
        assertFalse(s.describe("migrate").contains("secret-uuid"));
        assertEquals("health pings: off (MIGRATOR_HEALTHCHECK_URL not set); metrics: off (MIGRATOR_METRICS_DIR not set)",
                MonitoringSettings.fromMap(Map.of()).describe("migrate"));
        assertEquals("https://hc-ping.com/ping/key/slug/start?create=1", new HealthPing(
                java.net.URI.create("https://hc-ping.com/ping/key/slug/?create=1"), w -> { }).signal("/start").toString());
    }
}
