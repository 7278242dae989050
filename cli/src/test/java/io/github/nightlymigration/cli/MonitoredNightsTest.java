package io.github.nightlymigration.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.schema.SchemaDdl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nights nobody watches, against a real HTTP listener on loopback standing in for the ping service: the commands run
 * as child JVMs with cron's bare environment plus the settings (as cron runs them), the cron path through the
 * notebooks. A good night pings start then success for migrate and for export-ids, once each although the notebook's
 * cells are watched too; a refused night pings its exit code and keeps the last success in the metrics; a listener
 * that is gone changes nothing; and the README's crontab line, run by /bin/sh, mails the reason of a failing night.
 */
class MonitoredNightsTest {
    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    static final String SECRET = "sekrit-pw-26";
    record Ping(String path, String body) {}

    @TempDir static Path dir;
    static EmbeddedPostgresServer server;
    static String oldUrl;
    static String emptyOldUrl;
    static String newUrl;
    static final List<Ping> pings = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void databases() throws Exception {
        server = EmbeddedPostgresServer.start();
        oldUrl = server.createDatabase("creativeq");
        emptyOldUrl = server.createDatabase("creativeq_empty");
        newUrl = server.createDatabase("queue");
        try (Connection c = DriverManager.getConnection(oldUrl); Connection empty = DriverManager.getConnection(emptyOldUrl)) {
            SchemaDdl.LEGACY.apply(c);
            new LegacyDataGenerator(0.005, 3, Progress.NONE).fill(c);
            SchemaDdl.LEGACY.apply(empty);
        }
        assertEquals(0, MigrateCommand.execute("--new-url", newUrl, "--old-url", oldUrl,
                "--state-dir", dir.resolve("setup").toString(), "--create-new-schema"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpServer listener() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            pings.add(new Ping(exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http.start();
        return http;
    }

    static Map<String, String> settings(String legacyUrl, Path state, HttpServer http) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MIGRATOR_OLD_URL", legacyUrl);
        env.put("MIGRATOR_NEW_URL", newUrl);
        env.put("MIGRATOR_NEW_PASSWORD", SECRET); // the embedded server trusts loopback: set only to be looked for
        env.put("MIGRATOR_STATE_DIR", state.toString());
        env.put("MIGRATOR_HEALTHCHECK_URL", "http://127.0.0.1:" + http.getAddress().getPort() + "/ping/check-uuid");
        env.put("MIGRATOR_METRICS_DIR", dir.resolve("textfile").toString());
        return env;
    }

    static String prom(String command) throws IOException {
        return Files.readString(dir.resolve("textfile").resolve("nightly-migration-" + command + ".prom"));
    }

    static double value(String prom, String series) {
        return prom.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(series + " not in:\n" + prom));
    }

    @Test
    void goodNightsRefusedNightAndAListenerThatIsGone() throws Exception {
        Path state = dir.resolve("state");
        HttpServer http = listener();
        try {
            Result migrate = Result.of(Command.MIGRATE, settings(oldUrl, state, http));
            assertEquals(0, migrate.exit, migrate.output());
            assertEquals(List.of("/ping/check-uuid/start", "/ping/check-uuid"), paths(), "one start, one success: " + pings);
            assertTrue(pings.get(1).body().matches("migrate exit 0: Run \\S+: succeeded in [\\d.]+ s, [\\d,]+ old rows read;"
                    + " run folder .*/state/runs/\\S+"), pings.get(1).body());
            assertTrue(migrate.stderr.contains("migrate: health pings: http://127.0.0.1:" + http.getAddress().getPort()
                    + "/*** (/start, then success or /<exit code>); metrics: " + dir.resolve("textfile/nightly-migration-migrate.prom")),
                    "the cron log says where pings and metrics go:\n" + migrate.stderr);
            Path runFolder = Path.of(pings.get(1).body().replaceFirst(".*; run folder ", ""));
            String executed = Files.readString(runFolder.resolve("01-nightly-migration.ipynb"), StandardCharsets.UTF_8);
            for (String shown : new String[] {"health pings", "http://127.0.0.1:" + http.getAddress().getPort() + "/***",
                "nightly-migration-migrate.prom", "source max age", "source: newest write "}) {
                assertTrue(executed.contains(shown), "notebook 01 shows " + shown);
            }
            String prom = prom("migrate");
            assertEquals(0, value(prom, "nightly_migration_last_exit_code{command=\"migrate\"}"));
            assertTrue(value(prom, "nightly_migration_rows{command=\"migrate\",side=\"old\",table=\"comments\"}") > 0, prom);
            assertTrue(value(prom, "nightly_migration_rows{command=\"migrate\",side=\"new\",table=\"requests\"}") > 0, prom);
            value(prom, "nightly_migration_rejected_rows{command=\"migrate\",table=\"orders\"}");
            value(prom, "nightly_migration_source_newest_write_timestamp_seconds{command=\"migrate\"}");
            double lastSuccess = value(prom, "nightly_migration_last_success_timestamp_seconds{command=\"migrate\"}");

            pings.clear();
            Result export = Result.of(Command.EXPORT_IDS, settings(oldUrl, state, http));
            assertEquals(0, export.exit, export.output());
            assertEquals(List.of("/ping/check-uuid/start", "/ping/check-uuid"), paths(), "one start, one success: " + pings);
            assertTrue(pings.get(1).body().startsWith("export-ids exit 0: "), pings.get(1).body());
            assertEquals(0, value(prom("export-ids"), "nightly_migration_last_exit_code{command=\"export-ids\"}"));

            // The legacy database empty (a replica before its restore): the shrink guard refuses, exit 4.
            pings.clear();
            Result refused = Result.of(Command.MIGRATE, settings(emptyOldUrl, state, http), "--no-notebook");
            assertEquals(4, refused.exit, refused.output());
            assertEquals(List.of("/ping/check-uuid/start", "/ping/check-uuid/4"), paths(), pings.toString());
            assertTrue(pings.get(1).body().startsWith("migrate exit 4: refused to publish: compared with the last published run"),
                    pings.get(1).body());
            assertFalse(pings.get(1).body().contains("\n"), "one line");
            prom = prom("migrate");
            assertEquals(4, value(prom, "nightly_migration_last_exit_code{command=\"migrate\"}"));
            assertEquals(1, value(prom, "nightly_migration_last_refused{command=\"migrate\"}"));
            assertEquals(lastSuccess, value(prom, "nightly_migration_last_success_timestamp_seconds{command=\"migrate\"}"),
                    "the last success stays the previous night's");
            String outcome = Files.readString(state.resolve("last-outcome.txt"));
            assertEquals(pings.get(1).body() + "\n", outcome, "the outcome line is the failure ping's body");

            String everything = pings + outcome + prom + prom("export-ids") + migrate.output() + export.output() + refused.output();
            assertFalse(everything.contains(SECRET), "no password anywhere");
            assertFalse(migrate.output().contains("check-uuid") || refused.output().contains("check-uuid"),
                    "the ping URL's path (the check's key) is never printed");
        } finally {
            http.stop(0);
        }

        // The ping service unreachable: the night still publishes, exit 0, one warning per ping.
        Result alone = Result.of(Command.MIGRATE, settings(oldUrl, state, http), "--no-notebook");
        assertEquals(0, alone.exit, alone.output());
        assertEquals(2, alone.stderr.lines().filter(l -> l.startsWith("warning: health ping")).count(), alone.stderr);
        assertEquals(0, value(prom("migrate"), "nightly_migration_last_exit_code{command=\"migrate\"}"));
    }

    private static List<String> paths() {
        return pings.stream().map(Ping::path).toList();
    }

    /** The README's crontab line, as /bin/sh runs it under cron's environment: what it prints is what cron mails. */
    @Test
    void aFailingNightsCronMailNamesTheReasonAndTheRunFolder() throws Exception {
        String readme = Files.readString(PROJECT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher line = Pattern.compile("(?m)^\\s+0 0 \\* \\* \\*\\s+(cd /opt/nightly-migration && .*scripts/jbang migrate.*)$").matcher(readme);
        assertTrue(line.find(), "README has the nightly crontab line");
        Path state = dir.resolve("cron-state");
        Path envFile = dir.resolve("env");
        Files.writeString(envFile, "MIGRATOR_OLD_URL=jdbc:postgresql://127.0.0.1:1/creativeq\nMIGRATOR_NEW_URL=" + newUrl
                + "\nMIGRATOR_STATE_DIR=" + state + "\n");
        Path jbang = dir.resolve("jbang");
        Files.writeString(jbang, "#!/bin/sh\ncase \"$1\" in migrate) main=" + MigrateCommand.class.getName() + ";; export-ids) main="
                + ExportIdsCommand.class.getName() + ";; *) exit 64;; esac\nshift\nexec java -cp '" + classPath() + "' \"$main\" \"$@\"\n");
        Files.setPosixFilePermissions(jbang, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = dir.resolve("nightly-migration.log");
        String job = line.group(1).replace("cd /opt/nightly-migration", "cd " + PROJECT)
                .replace("/etc/nightly-migration/env", envFile.toString())
                .replace("scripts/jbang", jbang.toString()).replace("/var/log/nightly-migration.log", log.toString());
        Files.createDirectories(dir.resolve("home"));
        Process sh = new ProcessBuilder("env", "-i", "PATH=/usr/bin:/bin", "HOME=" + dir.resolve("home"), "SHELL=/bin/sh",
                "LOGNAME=root", "/bin/sh", "-c", job).redirectErrorStream(true).start();
        String mail = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sh.waitFor(5, TimeUnit.MINUTES));
        System.out.println("cron mail: " + mail);
        assertEquals(1, mail.lines().count(), "one line mailed: " + mail);
        assertTrue(mail.startsWith("nightly migration failed with exit code 2: migrate exit 2: cannot connect to the old database"
                + " at jdbc:postgresql://127.0.0.1:1/creativeq: "), mail);
        assertTrue(mail.contains("; run folder " + state.resolve("runs")), "names the run folder: " + mail);
        assertTrue(mail.strip().endsWith("(log: " + log + ")"), mail);
        assertTrue(Files.readString(log).contains("FAILED (exit 2)"), "the log has the rest");
    }

    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    enum Command {
        MIGRATE(MigrateCommand.class), EXPORT_IDS(ExportIdsCommand.class);

        final Class<?> main;

        Command(Class<?> main) {
            this.main = main;
        }
    }

    /** A command as a child JVM with cron's environment plus {@code settings}, run from the project root. */
    record Result(int exit, String stdout, String stderr) {
        static Result of(Command command, Map<String, String> settings, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("env", "-i", "PATH=/usr/bin:/bin", "HOME=" + dir.resolve("home"),
                    "SHELL=/bin/sh", "LOGNAME=root"));
            settings.forEach((k, v) -> cmd.add(k + "=" + v));
            cmd.addAll(List.of("java", "-XX:+UseSerialGC", "-cp", classPath(), command.main.getName()));
            cmd.addAll(List.of(args));
            Files.createDirectories(dir.resolve("home"));
            Path out = Files.createTempFile(dir, "child", ".out");
            Path err = Files.createTempFile(dir, "child", ".err");
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(command + " still running after 10 minutes");
            }
            System.out.printf("%s %s: exit %d in %.1f s%n", command, String.join(" ", args), p.exitValue(), (System.nanoTime() - start) / 1e9);
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }

        String output() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
