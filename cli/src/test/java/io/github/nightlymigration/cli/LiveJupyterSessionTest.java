package io.github.nightlymigration.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.schema.SchemaDdl;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An operator's live session: a real {@code jupyter notebook} server (Debian's Notebook 6.4) and Chromium driven by
 * Playwright ({@code cli/src/test/browser}), in the project's kernel and, when {@code JJAVA_KERNELSPEC} names one, in
 * JJava. Notebook 01 cell by cell; Kernel > Interrupt while comments are read: the cell says the run stopped, nothing
 * published, lock released, and {@code migrate} right after exits 0; a run whose board is caught, by the page itself,
 * showing the key and index build while it runs (it lasts a tenth of a second on a fast host); a second stopped run; then notebook 04 lists the stopped runs apart and draws no red bar.
 * Screenshots stay in {@code cli/target/live-session/<kernel>/}.
 */
class LiveJupyterSessionTest {
    static final Path ROOT = NotebooksInJupyterTest.ROOT;
    static final Path BROWSER = ROOT.resolve("cli/src/test/browser");
    static final Path SHOTS = ROOT.resolve("cli/target/live-session");
    static final String STOPPED = "stopped by the operator: nothing was published, the new database is as the last night"
            + " left it, lock released";
    static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir Path work;

    @Test
    void interruptedRunsSaySoAndTheHistoryKeepsThemApart() throws Exception {
        assertTrue(Files.isDirectory(BROWSER.resolve("node_modules/playwright-core")),
                "Playwright is missing: run scripts/install-test-deps");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/jupyter-notebook")), "jupyter-notebook is missing: run scripts/install-test-deps");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            Map<String, String> env = new HashMap<>();
            String oldUrl = postgres.createDatabase("creativeq");
            try (Connection c = DriverManager.getConnection(oldUrl)) {
                SchemaDdl.LEGACY.apply(c);
                new LegacyDataGenerator(0.02, 9, Progress.NONE).fill(c);
            }
            env.put("MIGRATOR_OLD_URL", oldUrl);
            List<String> kernels = new ArrayList<>(List.of("java"));
            String jjava = System.getenv("JJAVA_KERNELSPEC");
            if (jjava != null && !jjava.isBlank()) kernels.add("jjava");
            for (String kernel : kernels) {
                String newUrl = postgres.createDatabase("queue_" + kernel);
                try (Connection c = DriverManager.getConnection(newUrl)) {
                    SchemaDdl.TARGET.apply(c);
                }
                env.put("MIGRATOR_NEW_URL", newUrl);
                env.put("MIGRATOR_STATE_DIR", work.resolve("state-" + kernel).toString());
                session(kernel, env, jjava);
            }
        }
    }

    private void session(String kernel, Map<String, String> env, String jjava) throws Exception {
        Path shots = Files.createDirectories(SHOTS.resolve(kernel));
        Path notebooks = notebooksFor(kernel);
        Map<String, String> e = new HashMap<>(env);
        e.put("JUPYTER_DATA_DIR", work.resolve("jupyter/data").toString());
        e.put("JUPYTER_CONFIG_DIR", work.resolve("jupyter/config").toString());
        e.put("JUPYTER_RUNTIME_DIR", work.resolve("jupyter/runtime").toString());
        if (kernel.equals("java")) {
            run(List.of("bash", ROOT.resolve("scripts/install-kernel").toString(), "--force", "--classpath",
                    System.getProperty("java.class.path")), e);
        } else {
            Path spec = Files.createDirectories(work.resolve("jupyter/jjava/kernels/jjava"));
            try (var files = Files.list(Path.of(jjava).toAbsolutePath())) {
                for (Path f : files.toList()) Files.copy(f, spec.resolve(f.getFileName()));
            }
            e.put("JUPYTER_PATH", work.resolve("jupyter/jjava").toString());
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String token = "live-session-test";
        ProcessBuilder server = new ProcessBuilder("/usr/bin/jupyter-notebook", "--no-browser", "--allow-root",
                "--port=" + port, "--NotebookApp.token=" + token, "--notebook-dir=" + notebooks.getParent())
                .redirectErrorStream(true).redirectOutput(work.resolve("jupyter-" + kernel + ".log").toFile());
        server.environment().putAll(e);
        Process jupyter = server.start();
        try {
            awaitServer(port, token);
            String base = "http://127.0.0.1:" + port + "/notebooks/notebooks/";
            String url01 = base + "01-nightly-migration.ipynb?token=" + token;

            JsonNode first = drive(url01, shots, "prepare", "stop:comments:01-stopped-while-reading").get(1);
            assertStopped(kernel, first, Path.of(env.get("MIGRATOR_STATE_DIR")));
            int migrate = MigrateCommand.execute("--no-notebook", "--old-url", env.get("MIGRATOR_OLD_URL"), "--new-url",
                    env.get("MIGRATOR_NEW_URL"), "--state-dir", env.get("MIGRATOR_STATE_DIR"));
            assertEquals(0, migrate, kernel + ": migrate right after the stop (the lock is free, the database consistent)");

            List<JsonNode> more = drive(url01, shots, "prepare", "publish:keys, indexes, foreign keys:01-index-phase",
                    "stop:comments:01-stopped-again");
            String during = more.get(1).path("during").asString();
            assertTrue(during.contains("keys, indexes, foreign keys") && during.contains("running since"),
                    kernel + ": the board shows the key and index build while it runs: " + during);
            assertTrue(more.get(1).path("text").asString().contains("published"), kernel + ": " + more.get(1));
            assertStopped(kernel, more.get(2), Path.of(env.get("MIGRATOR_STATE_DIR")));

            JsonNode inspect = drive(base + "04-inspect.ipynb?token=" + token, shots, "all:04-after-two-stops:Inspection.runHistory").get(0);
            boolean listed = false;
            for (JsonNode cell : inspect.path("cells")) {
                String source = cell.path("source").asString();
                assertEquals(0, cell.path("errors").asInt(), kernel + ": error under " + source + ": " + cell.path("text"));
                if (source.contains("Charts.highlighting")) {
                    BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                            cell.path("images").get(0).asString().strip())));
                    assertEquals(0, red(png), kernel + ": no red bar after two stopped runs");
                }
                if (source.contains("otherRuns")) {
                    String text = cell.path("text").asString();
                    listed = text.split("interrupted", -1).length - 1 >= 2 && text.contains("stopped");
                    assertTrue(listed, kernel + ": both stopped runs listed apart: " + text);
                }
            }
            assertTrue(listed, kernel + ": notebook 04 has an otherRuns cell");
        } finally {
            jupyter.destroy();
            jupyter.waitFor();
        }
    }

    /**
     * The project's kernel waits for the run to stop, so the cell says what happened to it. JJava answers the interrupt
     * at once ("Evaluation interrupted.") and shows nothing a cell sends after that: there the run's own record must
     * say stopped, and the lock be free, within seconds.
     */
    private static void assertStopped(String kernel, JsonNode action, Path state) throws Exception {
        String text = action.path("text").asString();
        assertFalse(text.contains("CellEngine") || text.contains("at io.github"), kernel + ": no stack trace: " + text);
        if (kernel.equals("java")) {
            assertTrue(text.contains(STOPPED), kernel + ": the cell says what happened to the run: " + text);
            return;
        }
        assertTrue(text.contains("Evaluation interrupted."), kernel + ": " + text);
        Path newest;
        try (var runs = Files.list(state.resolve("runs"))) {
            newest = runs.max(Path::compareTo).orElseThrow();
        }
        String report = Files.readString(newest.resolve("report.json"));
        assertTrue(report.contains("\"status\" : \"stopped\""), kernel + ": " + report);
        assertEquals(null, io.github.nightlymigration.engine.RunLock.holder(state), kernel + ": the lock is free");
    }

    /** A copy of the notebooks beside a link to lib/, so autosave never touches the committed files. */
    private Path notebooksFor(String kernel) throws Exception {
        Path root = Files.createDirectories(work.resolve("project-" + kernel));
        Files.createSymbolicLink(root.resolve("lib"), ROOT.resolve("lib"));
        Path notebooks = Files.createDirectories(root.resolve("notebooks"));
        for (String name : List.of("01-nightly-migration.ipynb", "04-inspect.ipynb")) {
            JsonNode nb = JSON.readTree(ROOT.resolve("notebooks").resolve(name).toFile());
            ((tools.jackson.databind.node.ObjectNode) nb.path("metadata").path("kernelspec")).put("name", kernel);
            Files.writeString(notebooks.resolve(name), JSON.writeValueAsString(nb));
        }
        return notebooks;
    }

    private static List<JsonNode> drive(String url, Path shots, String... actions) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", BROWSER.resolve("live-session.mjs").toString(), url,
                shots.toString()));
        command.addAll(List.of(actions));
        String output = run(command, Map.of());
        List<JsonNode> results = new ArrayList<>();
        for (String line : output.lines().filter(l -> l.startsWith("{")).toList()) results.add(JSON.readTree(line));
        assertEquals(actions.length, results.size(), output);
        return results;
    }

    private static String run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(BROWSER.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + output);
        return output;
    }

    private static void awaitServer(int port, String token) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 120; attempt++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/status?token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (java.io.IOException notYet) {
                // the server is starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("jupyter notebook did not answer on port " + port);
    }

    private static int red(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xFFFFFF) == 0xE15759) n++;
        }
        return n;
    }
}
