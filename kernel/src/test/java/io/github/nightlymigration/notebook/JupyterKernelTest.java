package io.github.nightlymigration.notebook;

import static io.github.nightlymigration.notebook.TestNotebooks.code;
import static io.github.nightlymigration.notebook.TestNotebooks.outputs;
import static io.github.nightlymigration.notebook.TestNotebooks.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel under real Jupyter: scripts/install-kernel installs it into a private Jupyter data
 * directory and Debian's {@code jupyter nbconvert --execute} runs notebooks with it. Fails (does not
 * skip) when Jupyter is missing: scripts/install-test-deps installs it.
 */
class JupyterKernelTest {
    private static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();

    @TempDir
    static Path jupyterHome;
    @TempDir
    Path dir;

    @BeforeAll
    static void installKernel() throws Exception {
        assertTrue(Files.isExecutable(JUPYTER), "Jupyter is missing: run scripts/install-test-deps (as root)");
        // --force: a system-wide IJava/JJava "java" kernel must not stand in for this one.
        Result install = run(jupyterHome, jupyterHome, "bash", ROOT.resolve("scripts/install-kernel").toString(),
                "--force", "--classpath", System.getProperty("java.class.path"));
        assertEquals(0, install.exitCode, install.output);
        String spec = Files.readString(jupyterHome.resolve("data/kernels/java/kernel.json"));
        JsonObject kernelJson = JsonParser.parseString(spec).getAsJsonObject();
        assertEquals("message", kernelJson.get("interrupt_mode").getAsString());
        assertEquals("Java", kernelJson.get("display_name").getAsString());
    }

    @Test
    void nbconvertRunsANotebookWithTheKernelAndKeepsItsOutputs() throws Exception {
        TestJars.greeterJar(dir);
        TestNotebooks.write(dir.resolve("demo.ipynb"),
                code("%classpath lib/*\ndemo.Greeter.hello(\"jupyter\")"),
                code("int rows = 3;\nSystem.out.println(\"copied \" + rows + \" rows\");"),
                code("class Summary { public String toHtml() { return \"<b>\" + rows + \" rows</b>\"; }"
                        + " public String toString() { return rows + \" rows\"; } }\nnew Summary()"),
                code("String id = display(\"step 1\");\nupdateDisplay(id, \"step 2\");"));

        Result nbconvert = run(jupyterHome, dir, JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=120", "--output", "executed.ipynb", "demo.ipynb");

        assertEquals(0, nbconvert.exitCode, nbconvert.output);
        List<JsonObject> cells = TestNotebooks.cells(dir.resolve("executed.ipynb"));
        assertEquals("hello jupyter", text(outputs(cells.get(0)).get(0), "data", "text/plain"));
        assertEquals("copied 3 rows\n", text(outputs(cells.get(1)).get(0), "text"));
        JsonObject summary = outputs(cells.get(2)).get(0);
        assertEquals("execute_result", summary.get("output_type").getAsString());
        assertEquals("3 rows", text(summary, "data", "text/plain"));
        assertEquals("<b>3 rows</b>", text(summary, "data", "text/html"));
        JsonObject progress = outputs(cells.get(3)).get(0);
        assertEquals("display_data", progress.get("output_type").getAsString());
        assertEquals("step 2", text(progress, "data", "text/plain"));
    }

    @Test
    void aFailingCellMakesNbconvertFailWithTheJavaException() throws Exception {
        TestNotebooks.write(dir.resolve("fails.ipynb"),
                code("System.out.println(\"before\");"),
                code("throw new IllegalStateException(\"boom from java\");"),
                code("System.out.println(\"after\");"));

        Result nbconvert = run(jupyterHome, dir, JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=120", "--output", "executed.ipynb", "fails.ipynb");

        assertNotEquals(0, nbconvert.exitCode, nbconvert.output);
        assertTrue(nbconvert.output.contains("IllegalStateException: boom from java"), nbconvert.output);
        assertTrue(nbconvert.output.contains("REPL.$JShell$"), nbconvert.output);
        assertTrue(!nbconvert.output.contains("ObjectKeepingExecutionControl"), nbconvert.output);

        // With errors allowed nbconvert writes the notebook: the error output and the cells it did not run.
        Result allowed = run(jupyterHome, dir, JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--allow-errors", "--output", "executed.ipynb", "fails.ipynb");
        assertEquals(0, allowed.exitCode, allowed.output);
        JsonObject error = outputs(TestNotebooks.cells(dir.resolve("executed.ipynb")).get(1)).get(0);
        assertEquals("error", error.get("output_type").getAsString());
        assertEquals("IllegalStateException", error.get("ename").getAsString());
        assertEquals("boom from java", error.get("evalue").getAsString());
        assertEquals("java.lang.IllegalStateException: boom from java",
                error.getAsJsonArray("traceback").get(0).getAsString());
    }

    @Test
    void anInterruptMessageStopsTheCellAndKeepsTheKernel() throws Exception {
        Path script = dir.resolve("interrupt_kernel.py");
        try (var in = getClass().getResourceAsStream("/interrupt_kernel.py")) {
            Files.copy(in, script);
        }

        Result interrupted = run(jupyterHome, dir, "/usr/bin/python3", script.toString());

        assertEquals(0, interrupted.exitCode, interrupted.output);
        List<String> replies = interrupted.output.lines().filter(line -> line.startsWith("{")).collect(Collectors.toList());
        assertEquals(List.of(
                "{\"status\": \"error\", \"ename\": \"CellInterruptedException\"}",
                "{\"status\": \"error\", \"ename\": \"CellInterruptedException\"}",
                "{\"status\": \"ok\", \"ename\": null}"), replies, interrupted.output);
    }

    @Test
    void installKernelLeavesSomeoneElsesJavaKernelAloneUnlessForced() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("data/kernels/java")).resolve("kernel.json");
        String ijava = "{\"argv\": [\"java\", \"-jar\", \"ijava.jar\", \"{connection_file}\"], "
                + "\"display_name\": \"Java\", \"language\": \"java\"}";
        Files.writeString(foreign, ijava);
        String classpath = System.getProperty("java.class.path");

        Result kept = run(dir, dir, "bash", ROOT.resolve("scripts/install-kernel").toString(), "--classpath", classpath);
        assertEquals(0, kept.exitCode, kept.output);
        assertTrue(kept.output.contains("leaving it alone"), kept.output);
        assertEquals(ijava, Files.readString(foreign));

        Result forced = run(dir, dir, "bash", ROOT.resolve("scripts/install-kernel").toString(), "--force", "--classpath", classpath);
        assertEquals(0, forced.exitCode, forced.output);
        assertTrue(Files.readString(foreign).contains("io.github.nightlymigration.notebook.NotebookKernel"));
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs a command in {@code cwd} with Jupyter's directories inside {@code home}, so nothing outside is touched. */
    private static Result run(Path home, Path cwd, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        Path log = Files.createTempFile(home, "process", ".log");
        builder.redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("JUPYTER_DATA_DIR", home.resolve("data").toString());
        env.put("JUPYTER_CONFIG_DIR", home.resolve("config").toString());
        env.put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
        env.remove("JUPYTER_PATH");
        // install-kernel takes the java on PATH: the kernel under test runs on the JDK running the tests.
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.get("PATH"));
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command) + "\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
