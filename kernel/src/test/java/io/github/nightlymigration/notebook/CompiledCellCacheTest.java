package io.github.nightlymigration.notebook;

import static io.github.nightlymigration.notebook.TestNotebooks.code;
import static io.github.nightlymigration.notebook.TestNotebooks.markdown;
import static io.github.nightlymigration.notebook.TestNotebooks.outputs;
import static io.github.nightlymigration.notebook.TestNotebooks.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headless runner's compiled-cell cache: a replay does what JShell did, and only for the cells JShell compiled. */
class CompiledCellCacheTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private Path cache;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        cache = dir.resolve("compiled-cells");
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
    }

    /** Declarations, a redeclared variable, a method, a class, a jar from %classpath, displays, a rich value. */
    private Path richNotebook() throws IOException {
        TestJars.greeterJar(dir);
        return TestNotebooks.write(dir.resolve("rich.ipynb"),
                markdown("# Rich"),
                code("String who = \"default\";\nString runDir = \"\";", "parameters"),
                code("%classpath lib/*\nSystem.out.println(demo.Greeter.hello(who) + \" in \" + runDir);"),
                code("int n = 20;\nint twice(int x) { return 2 * x; }\nlong n = twice(21);\n"
                        + "List<String> seen = new ArrayList<>(List.of(\"a\"));\nseen.add(\"b\");\nseen"),
                code("String id = display(\"copied 0 rows\");\nupdateDisplay(id, \"copied \" + n + \" rows\");"),
                code("class Report { public String toHtml() { return \"<b>\" + (n * 2) + \"</b>\"; }"
                        + " public String toString() { return \"report \" + (n * 2); } }\n"
                        + "Runnable r = () -> System.out.println(\"lambda sees \" + seen);\nr.run();\nnew Report()"),
                code("Thread.currentThread().getContextClassLoader().loadClass(\"demo.Greeter\").getSimpleName()"));
    }

    private NotebookRunner.RunResult run(Path notebook, String name, Map<String, String> params) throws IOException {
        return NotebookRunner.run(notebook, dir.resolve(name), params, cache);
    }

    @Test
    void theReplayRecordsWhatTheJShellRunRecordedWithoutCompiling() throws Exception {
        Path notebook = richNotebook();

        assertEquals(0, run(notebook, "first.ipynb", Map.of("who", "ops", "runDir", "/runs/1")).exitCode());
        Path compiled = onlyCompiledFile();
        String firstLog = stdout.toString(StandardCharsets.UTF_8);
        stdout.reset();
        assertEquals(0, run(notebook, "second.ipynb", Map.of("who", "ops", "runDir", "/runs/2")).exitCode());

        assertEquals("compiled by JShell", runner(dir.resolve("first.ipynb")).get("cells").getAsString());
        assertTrue(runner(dir.resolve("second.ipynb")).get("cells").getAsString()
                .startsWith("run as compiled by JShell on an earlier run (" + compiled), "the record says how the cells ran");
        assertEquals(outputsOf(dir.resolve("first.ipynb")).replace("/runs/1", "/runs/2"), outputsOf(dir.resolve("second.ipynb")));
        assertEquals(firstLog.replace("/runs/1", "/runs/2"), stdout.toString(StandardCharsets.UTF_8));
        List<JsonObject> cells = TestNotebooks.cells(dir.resolve("second.ipynb"));
        assertEquals("runDir = /runs/2\nwho = ops\n", text(outputs(cells.get(2)).get(0), "text"), "tonight's parameters");
        assertEquals("hello ops in /runs/2\n", text(outputs(cells.get(3)).get(0), "text"));
        assertEquals("[a, b]", text(outputs(cells.get(4)).get(0), "data", "text/plain"));
        assertEquals("copied 42 rows", text(outputs(cells.get(5)).get(0), "data", "text/plain"));
        assertEquals("<b>84</b>", text(outputs(cells.get(6)).get(1), "data", "text/html"));
        assertEquals("Greeter", text(outputs(cells.get(7)).get(0), "data", "text/plain"));
    }

    @Test
    void anEditedCellIsCompiledAgainAndRunsAsEdited() throws Exception {
        Path notebook = TestNotebooks.write(dir.resolve("nightly.ipynb"), code("int rows = 5;"), code("\"rows: \" + rows"));
        run(notebook, "1.ipynb", Map.of());
        run(notebook, "2.ipynb", Map.of());
        TestNotebooks.write(notebook, code("int rows = 5;"), code("\"rows now: \" + (rows + 1)"));

        assertEquals(0, run(notebook, "3.ipynb", Map.of()).exitCode());
        run(notebook, "4.ipynb", Map.of());

        assertTrue(runner(dir.resolve("2.ipynb")).get("cells").getAsString().startsWith("run as compiled"));
        assertEquals("compiled by JShell", runner(dir.resolve("3.ipynb")).get("cells").getAsString());
        assertEquals("rows now: 6", text(outputs(TestNotebooks.cells(dir.resolve("3.ipynb")).get(1)).get(0), "data", "text/plain"));
        assertEquals("rows now: 6", text(outputs(TestNotebooks.cells(dir.resolve("4.ipynb")).get(1)).get(0), "data", "text/plain"));
        assertTrue(runner(dir.resolve("4.ipynb")).get("cells").getAsString().startsWith("run as compiled"));
        onlyCompiledFile(); // the edited notebook's compile replaced the earlier one
    }

    @Test
    void aRebuiltJarOnTheCellsClassPathMeansACompileAgain() throws Exception {
        Path notebook = richNotebook();
        run(notebook, "1.ipynb", Map.of());
        Files.setLastModifiedTime(dir.resolve("lib/greeter.jar"), FileTime.fromMillis(System.currentTimeMillis() + 5_000));

        run(notebook, "2.ipynb", Map.of());

        assertEquals("compiled by JShell", runner(dir.resolve("2.ipynb")).get("cells").getAsString());
    }

    @Test
    void aFailedReplayLeavesTheNextRunToJShellAndKeepsTheExitCode() throws Exception {
        Path notebook = TestNotebooks.write(dir.resolve("guarded.ipynb"),
                code("String tables = \"full\";", "parameters"),
                code("class Refused extends RuntimeException { Refused() { super(\"refused: empty source\"); }"
                        + " public int exitCode() { return 4; } }\n"
                        + "if (tables.equals(\"empty\")) throw new Refused();\n\"published\""));
        run(notebook, "1.ipynb", Map.of("tables", "full"));

        NotebookRunner.RunResult refused = run(notebook, "2.ipynb", Map.of("tables", "empty"));
        run(notebook, "3.ipynb", Map.of("tables", "full"));

        assertEquals(4, refused.exitCode());
        assertTrue(runner(dir.resolve("2.ipynb")).get("cells").getAsString().startsWith("run as compiled"));
        assertEquals("refused: empty source",
                outputs(TestNotebooks.cells(dir.resolve("2.ipynb")).get(2)).get(0).get("evalue").getAsString());
        assertEquals("compiled by JShell", runner(dir.resolve("3.ipynb")).get("cells").getAsString());
    }

    @Test
    void aDamagedCompiledCopyIsCompiledAgainNotRun() throws Exception {
        Path notebook = TestNotebooks.write(dir.resolve("small.ipynb"), code("\"ok\""));
        run(notebook, "1.ipynb", Map.of());
        Files.write(onlyCompiledFile(), new byte[] {'P', 'K', 0, 0});

        assertEquals(0, run(notebook, "2.ipynb", Map.of()).exitCode());

        assertEquals("compiled by JShell", runner(dir.resolve("2.ipynb")).get("cells").getAsString());
        assertEquals("ok", text(outputs(TestNotebooks.cells(dir.resolve("2.ipynb")).get(0)).get(0), "data", "text/plain"));
    }

    @Test
    void aNotebookThatFailsToCompileKeepsNothing() throws Exception {
        Path notebook = TestNotebooks.write(dir.resolve("typo.ipynb"), code("int a = 1;"), code("a + b"));

        assertEquals(1, run(notebook, "1.ipynb", Map.of()).exitCode());

        assertFalse(Files.exists(cache) && Files.list(cache).findAny().isPresent(), "nothing kept");
    }

    private Path onlyCompiledFile() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> all = files.collect(Collectors.toList());
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static JsonObject runner(Path executed) throws IOException {
        return JsonParser.parseString(Files.readString(executed)).getAsJsonObject()
                .getAsJsonObject("metadata").getAsJsonObject("notebook_runner");
    }

    /** Every cell's outputs, which must not depend on how the cells were compiled. */
    private static String outputsOf(Path executed) throws IOException {
        return TestNotebooks.cells(executed).stream()
                .map(cell -> cell.has("outputs") ? cell.get("outputs").toString() : "")
                .collect(Collectors.joining("\n"));
    }
}
