package io.github.nightlymigration.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.demo.PaperclipTreeWriter;
import io.github.nightlymigration.schema.SchemaDdl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five runbook notebooks top to bottom through real Jupyter (Debian's nbconvert) with the
 * project's kernel, and with JJava when {@code JJAVA_KERNELSPEC} names an unpacked JJava kernelspec,
 * against embedded PostgreSQL and the local S3 server, as an operator runs them. Each executed notebook
 * is then rendered to HTML and opened in headless Chromium without network, and judged from its DOM:
 * charts are drawn images, tables are {@code <table>}s, nothing went to stderr, no SLF4J or
 * {@code DisplayData@} text. Screenshots stay in {@code cli/target/notebook-screenshots/<kernel>/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebooksInJupyterTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    static final Path SCREENSHOTS = ROOT.resolve("cli/target/notebook-screenshots");
    /** Cells whose value is a Tablesaw table (or a trace, made of tables): each must show an HTML table. */
    static final List<String> TABLE_CELLS = List.of("ReportTables.", "Validation.", "ExportTables.", "IdCsv.table",
            ".toTable()", "itemsTable()", "inspect.oldQuery(", "oldAndNewCounts", "runHistory", "Lineage.trace",
            "CutoverTables.", "finalMigration(");
    @TempDir static Path work;
    static EmbeddedPostgresServer postgres;
    static LocalS3Server s3;
    static Map<String, String> env = new HashMap<>();
    static final List<String> kernels = new ArrayList<>(List.of("project"));

    @BeforeAll
    static void servers() throws Exception {
        assertTrue(Files.isExecutable(JUPYTER), "Jupyter is missing: run scripts/install-test-deps (as root)");
        assertTrue(Files.isExecutable(RenderedNotebook.CHROMIUM), "Chromium is missing: run scripts/install-test-deps (as root)");
        postgres = EmbeddedPostgresServer.start();
        String oldUrl = postgres.createDatabase("creativeq");
        String newUrl = postgres.createDatabase("queue");
        Path files = work.resolve("files");
        try (Connection c = DriverManager.getConnection(oldUrl)) {
            SchemaDdl.LEGACY.apply(c);
            new LegacyDataGenerator(0.005, 9, Progress.NONE).fill(c);
            PaperclipTreeWriter.write(c, files, 9);
        }
        try (Connection c = DriverManager.getConnection(newUrl)) {
            SchemaDdl.TARGET.apply(c);
        }
        s3 = LocalS3Server.start(work.resolve("s3"));
        s3.createBucket("attachments");
        env.put("MIGRATOR_OLD_URL", oldUrl);
        env.put("MIGRATOR_NEW_URL", newUrl);
        env.put("MIGRATOR_STATE_DIR", work.resolve("state").toString());
        env.put("MIGRATOR_EXPORT_DIR", work.resolve("export").toString());
        env.put("MIGRATOR_FILES_ROOT", files.toString());
        env.putAll(s3.clientEnv("attachments"));
        String install = run(List.of("bash", ROOT.resolve("scripts/install-kernel").toString(), "--force",
                "--classpath", System.getProperty("java.class.path")), null);
        assertTrue(install.contains("java"), install);
        String jjava = System.getenv("JJAVA_KERNELSPEC");
        if (jjava != null && !jjava.isBlank()) {
            Path spec = work.resolve("jupyter/jjava/kernels/jjava");
            Files.createDirectories(spec);
            try (var files1 = Files.list(Path.of(jjava).toAbsolutePath())) {
                for (Path f : files1.toList()) Files.copy(f, spec.resolve(f.getFileName()));
            }
            kernels.add("jjava");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        postgres.close();
    }

    /** Runs after a notebook executed in one kernel, before the next kernel runs it. */
    interface AfterKernel {
        void run(String kernel) throws Exception;
    }

    private static Map<String, RenderedNotebook> execute(String notebook) throws Exception {
        return execute(notebook, kernel -> {});
    }

    /** Executes the notebook in each kernel, renders and checks it in the browser; returns the DOMs' text by kernel. */
    private static Map<String, RenderedNotebook> execute(String notebook, AfterKernel after) throws Exception {
        Map<String, RenderedNotebook> rendered = new java.util.LinkedHashMap<>();
        for (String kernel : kernels) {
            Path outDir = work.resolve("executed").resolve(kernel);
            List<String> command = new ArrayList<>(List.of(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.timeout=600", "--output-dir", outDir.toString()));
            if (kernel.equals("jjava")) command.add("--ExecutePreprocessor.kernel_name=jjava");
            command.add(ROOT.resolve("notebooks").resolve(notebook).toString());
            String log = run(command, kernel);
            Path executed = outDir.resolve(notebook);
            String json = Files.readString(executed, StandardCharsets.UTF_8);
            assertFalse(json.contains(LocalS3Server.SECRET_KEY), "no secret in the executed notebook");
            assertFalse(json.contains("\"output_type\": \"error\""), kernel + ": " + log);
            RenderedNotebook page = RenderedNotebook.of(executed, work.resolve("html").resolve(kernel),
                    SCREENSHOTS.resolve(kernel).resolve(notebook.replace(".ipynb", ".png")), c -> run(c, kernel));
            looksRight(kernel + " " + notebook, page);
            rendered.put(kernel, page);
            after.run(kernel);
        }
        return rendered;
    }

    /** What every notebook must look like in the browser, in every kernel. */
    private static void looksRight(String what, RenderedNotebook page) {
        String text = page.dom.select(".jp-OutputArea").text();
        assertTrue(page.stderrOutputs().isEmpty(), what + ": output on stderr or an error: "
                + page.stderrOutputs().stream().map(e -> e.text()).toList());
        assertFalse(text.contains("SLF4J"), what + ": SLF4J text in an output");
        assertFalse(text.contains("DisplayData@"), what + ": a DisplayData printed instead of shown");
        for (RenderedNotebook.Cell cell : page.codeCells()) {
            if (cell.source().contains("Charts.")) {
                assertEquals(1, cell.drawnImages().size(), what + ": no drawn chart under " + cell.source());
            } else if (TABLE_CELLS.stream().anyMatch(cell.source()::contains)) {
                assertTrue(cell.hasTable(), what + ": no HTML table under " + cell.source() + "\n" + cell.outputText());
            }
            if (cell.source().contains("display(progress)")) {
                assertFalse(cell.outputs().stream().allMatch(o -> o.select("progress").isEmpty()),
                        what + ": no progress board under " + cell.source() + "\n" + cell.outputText());
            }
        }
    }

    @Test
    @Order(1)
    void migration() throws Exception {
        for (RenderedNotebook page : execute("01-nightly-migration.ipynb").values()) {
            assertSettingsTable(page);
            String out = page.dom.text();
            assertTrue(out.contains("preflight ok"), out);
            assertTrue(out.contains("succeeded in"), "the run reports");
            assertTrue(out.contains("identity_holds"));
            assertTrue(!out.contains("COLLIDES") && out.contains("sequences"));
            // The run report's own tables: text over text on the left, numbers on the right.
            var report = page.codeCells().stream().filter(c -> c.source().contains("Migration.run(settings"))
                    .findFirst().orElseThrow().outputs();
            var oldTable = report.stream().flatMap(o -> o.select("th:matchesOwn(^old table$)").stream()).findFirst().orElseThrow();
            assertEquals("text-align:left", oldTable.attr("style"), oldTable.outerHtml());
            var verdict = report.stream().flatMap(o -> o.select("th:matchesOwn(^verdict$)").stream()).findFirst().orElseThrow();
            assertEquals("text-align:left", verdict.attr("style"), verdict.outerHtml());
            assertTrue(report.stream().flatMap(o -> o.select("th:matchesOwn(^read$)").stream()).allMatch(h -> h.attr("style").isEmpty()));
        }
        // A night after a good one compares: after the dry run and after the run, the change set as a table, a chart
        // and the examples before and after, the old app's edits among them.
        editThreeComments();
        for (RenderedNotebook page : execute("01-nightly-migration.ipynb", kernel -> editThreeComments()).values()) {
            for (String run : List.of("dry", "run")) {
                assertTrue(cell(page, "ChangeTables.summary(ChangeTables.of(" + run + "))").hasTable(), run);
                assertEquals(1, cell(page, "ChangeTables.chart(ChangeTables.of(" + run + "))").drawnImages().size(), run);
                RenderedNotebook.Cell examples = cell(page, "ChangeTables.examples(ChangeTables.of(" + run + "))");
                assertTrue(examples.hasTable() && examples.outputText().contains("(edited)"), examples.outputText());
            }
        }
    }

    private static void editThreeComments() throws Exception {
        try (Connection c = DriverManager.getConnection(env.get("MIGRATOR_OLD_URL"))) {
            c.createStatement().execute("UPDATE comments SET message = message || ' (edited)' WHERE id IN (SELECT id FROM"
                    + " comments WHERE user_id IS NOT NULL AND message <> '' ORDER BY id LIMIT 3)");
        }
    }

    private static RenderedNotebook.Cell cell(RenderedNotebook page, String source) {
        return page.codeCells().stream().filter(c -> c.source().contains(source)).findFirst().orElseThrow(() ->
                new AssertionError("no cell " + source));
    }

    /** The settings are a table whose text headers sit over their text (Jupyter right-aligns headers by itself). */
    private static void assertSettingsTable(RenderedNotebook page) {
        RenderedNotebook.Cell settings = page.codeCells().stream().filter(c -> c.source().contains("SettingsTable.of"))
                .findFirst().orElseThrow();
        assertTrue(settings.hasTable() && settings.outputText().contains("state dir"), settings.outputText());
        assertTrue(!page.dom.text().contains("{old database="), "the settings show as a Java map");
        for (var header : settings.outputs().get(0).select("th")) {
            assertEquals("text-align:left", header.attr("style"), header.outerHtml());
        }
    }

    @Test
    @Order(2)
    void export() throws Exception {
        for (RenderedNotebook page : execute("02-export-id-csv.ipynb").values()) {
            assertSettingsTable(page);
            String out = page.dom.text();
            // one CSV per translator kind (10), attachments.csv and the translator's identity
            assertTrue(out.contains("verified: 12 files"), out);
            assertTrue(out.contains("old_user_id"), "the preview shows the CSV");
        }
    }

    @Test
    @Order(3)
    void files() throws Exception {
        for (RenderedNotebook page : execute("03-files-to-s3.ipynb").values()) {
            String out = page.dom.text();
            assertTrue(out.contains("all present:"), out);
            assertTrue(out.contains("orphan"), "orphan files are listed");
        }
    }

    @Test
    @Order(4)
    void investigation() throws Exception {
        // Two hand-made nights before the real ones, the second reading far fewer rows: it must stand out in red.
        Path runs = Path.of(env.get("MIGRATOR_STATE_DIR")).resolve("runs");
        for (String[] night : new String[][] {{"20000101T000000Z", "6317"}, {"20000102T000000Z", "3100"}}) {
            Files.createDirectories(runs.resolve(night[0]));
            Files.writeString(runs.resolve(night[0]).resolve("report.json"), "{\"status\": \"succeeded\", \"duration_ms\": 2100,"
                    + " \"rows_read\": " + night[1] + "}");
        }
        for (var shown : execute("04-inspect.ipynb").entrySet()) {
            RenderedNotebook page = shown.getValue();
            assertSettingsTable(page);
            long charts = page.codeCells().stream().filter(c -> !c.drawnImages().isEmpty()).count();
            assertTrue(charts >= 3, shown.getKey() + ": " + charts + " charts drawn");
            var nightly = page.codeCells().stream().filter(c -> c.source().contains("Charts.highlighting")).findFirst().orElseThrow();
            assertTrue(hasColour(nightly.drawnImages().get(0), 0xE15759), shown.getKey() + ": the dropped night is not red");
            assertTrue(hasColour(nightly.drawnImages().get(0), 0x4E79A7), shown.getKey() + ": the other nights are not blue");
            String out = page.dom.text();
            assertTrue(out.contains("trace of old.orders:12") && out.contains("new.requests"), out);
            assertTrue(out.contains("came from") && out.contains("old.orders"), "the trace back names the old order");
            assertTrue(out.contains("nightly runs"));
            assertTrue(cell(page, "ChangeTables.summary(lastNight)").hasTable(), "what changed last night");
            assertTrue(cell(page, "ChangeTables.examples(lastNight, changesTable)").outputText().contains("(edited)"));
            assertTrue(cell(page, "ChangeTables.firstOldRow").outputText().contains("old.comments"), "an example traced");
        }
    }

    @Test
    @Order(5)
    void traceFromTheCommandLineBothWays() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        String forward;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, InspectCommand.execute("--old-url", env.get("MIGRATOR_OLD_URL"), "--new-url",
                    env.get("MIGRATOR_NEW_URL"), "--state-dir", env.get("MIGRATOR_STATE_DIR"), "--trace", "old.orders:12"));
            forward = out.toString(StandardCharsets.UTF_8);
            String request = forward.lines().filter(l -> l.contains("new.requests")).findFirst().orElseThrow()
                    .replaceAll(".*new\\.requests\\s*\\|\\s*([0-9a-f-]{36}).*", "$1");
            out.reset();
            assertEquals(0, InspectCommand.execute("--old-url", env.get("MIGRATOR_OLD_URL"), "--new-url",
                    env.get("MIGRATOR_NEW_URL"), "--state-dir", env.get("MIGRATOR_STATE_DIR"), "--trace", "new.requests:" + request));
            String back = out.toString(StandardCharsets.UTF_8);
            assertTrue(back.contains("came from") && back.matches("(?s).*old\\.orders\\s*\\|\\s*12\\s*\\|.*"), back);
            assertEquals(2, InspectCommand.execute("--old-url", env.get("MIGRATOR_OLD_URL"), "--new-url",
                    env.get("MIGRATOR_NEW_URL"), "--state-dir", env.get("MIGRATOR_STATE_DIR"), "--trace", "old.invoices:1"));
        } finally {
            System.setOut(stdout);
        }
        assertTrue(forward.contains("new.request_formats") || forward.contains("new.approvals"), forward);
    }

    /** Last, as on the real night: it marks the new database live, so nothing after it may migrate there. */
    @Test
    @Order(6)
    void cutover() throws Exception {
        env.put("MIGRATOR_CUTOVER_QUIET_INTERVAL", "1s");
        String[] databases = {"--old-url", env.get("MIGRATOR_OLD_URL"), "--new-url", env.get("MIGRATOR_NEW_URL"),
                "--state-dir", env.get("MIGRATOR_STATE_DIR")};
        var shown = execute("05-cut-over.ipynb", kernel -> {
            assertEquals(5, MigrateCommand.execute(concat(databases, "--no-notebook")), kernel + ": migrate ran on a live database");
            // The way back after a rehearsal, so the next kernel cuts over the same fixture again.
            assertEquals(0, CutoverCommand.execute(concat(databases, "--undo", "--yes-i-know", "queue")), kernel + ": undo");
        });
        for (var kernel : shown.entrySet()) {
            List<RenderedNotebook.Cell> cells = kernel.getValue().codeCells();
            for (String table : List.of("CutoverTables.settings", "finalMigration(", "CutoverTables.checks",
                    "CutoverTables.lostFiles", "CutoverTables.unsafePaths", "ExportTables.manifest")) {
                assertTrue(cells.stream().anyMatch(c -> c.source().contains(table) && c.hasTable()),
                        kernel.getKey() + ": no table under " + table);
            }
            String checks = cells.stream().filter(c -> c.source().contains("CutoverTables.checks")).findFirst()
                    .orElseThrow().outputText();
            assertTrue(checks.contains("attachments") && checks.contains("in bucket attachments with their bytes"), checks);
            // The validation finds each file as the sync did (any Unicode spelling): lost means not on disk for both.
            long lost = cells.stream().filter(c -> c.source().contains("CutoverTables.lostFiles")).findFirst().orElseThrow()
                    .outputs().stream().mapToLong(o -> o.select("tbody tr").size()).sum();
            String missing = cells.stream().filter(c -> c.source().contains("syncFiles(sync)")).findFirst().orElseThrow()
                    .outputs().stream().flatMap(o -> o.select("tr:has(td:matchesOwn(^missing on disk$)) td").stream())
                    .skip(1).findFirst().orElseThrow().text();
            assertEquals(Long.parseLong(missing), lost, kernel.getKey() + ": lost files against the sync's missing ones");
            String last = cells.get(cells.size() - 1).outputText();
            assertTrue(last.contains("the database is live since"), kernel.getKey() + ": " + last);
        }
    }

    private static String[] concat(String[] first, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    private static boolean hasColour(java.awt.image.BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) return true;
            }
        }
        return false;
    }

    private static String run(List<String> command, String kernel) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> e = builder.environment();
        e.putAll(env);
        e.put("JUPYTER_DATA_DIR", work.resolve("jupyter/data").toString());
        e.put("JUPYTER_CONFIG_DIR", work.resolve("jupyter/config").toString());
        e.put("JUPYTER_RUNTIME_DIR", work.resolve("jupyter/runtime").toString());
        e.remove("JUPYTER_PATH");
        if ("jjava".equals(kernel)) e.put("JUPYTER_PATH", work.resolve("jupyter/jjava").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + output);
        return output;
    }
}
