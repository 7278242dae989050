package io.github.nightlymigration.notebook;

import static io.github.nightlymigration.notebook.TestNotebooks.code;
import static io.github.nightlymigration.notebook.TestNotebooks.markdown;
import static io.github.nightlymigration.notebook.TestNotebooks.outputs;
import static io.github.nightlymigration.notebook.TestNotebooks.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookRunnerTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
    }

    @Test
    void runsTopToBottomAndRecordsEveryOutput() throws Exception {
        TestJars.greeterJar(dir);
        Path notebook = TestNotebooks.write(dir.resolve("demo.ipynb"),
                markdown("# Demo"),
                code("%classpath lib/*\nSystem.out.println(demo.Greeter.hello(\"log\"));"),
                code("int n = 21;\nSystem.out.println(\"n is \" + n);\nSystem.err.println(\"careful\");"),
                code("String id = display(\"copied 0 rows\");\nupdateDisplay(id, \"copied 10 rows\");"),
                code("class Report { public String toHtml() { return \"<b>\" + (n * 2) + \"</b>\"; }"
                        + " public String toString() { return \"report \" + (n * 2); } }\nnew Report()"));
        Path executed = dir.resolve("out/executed.ipynb");

        NotebookRunner.RunResult result = NotebookRunner.run(notebook, executed, Map.of());

        assertEquals(new NotebookRunner.RunResult(0, executed, -1), result);
        List<JsonObject> cells = TestNotebooks.cells(executed);
        assertEquals("hello log\n", text(outputs(cells.get(1)).get(0), "text"));
        assertEquals(1, cells.get(1).get("execution_count").getAsInt());
        JsonObject timing = cells.get(1).getAsJsonObject("metadata").getAsJsonObject("execution");
        assertTrue(java.time.Instant.parse(timing.get("iopub.execute_input").getAsString())
                .compareTo(java.time.Instant.parse(timing.get("shell.execute_reply").getAsString())) <= 0, timing.toString());
        List<JsonObject> second = outputs(cells.get(2));
        assertEquals("stdout", second.get(0).get("name").getAsString());
        assertEquals("n is 21\n", text(second.get(0), "text"));
        assertEquals("stderr", second.get(1).get("name").getAsString());
        JsonObject progress = outputs(cells.get(3)).get(0);
        assertEquals("display_data", progress.get("output_type").getAsString());
        assertEquals("copied 10 rows", text(progress, "data", "text/plain"));
        JsonObject report = outputs(cells.get(4)).get(0);
        assertEquals("execute_result", report.get("output_type").getAsString());
        assertEquals(4, report.get("execution_count").getAsInt());
        assertEquals("report 42", text(report, "data", "text/plain"));
        assertEquals("<b>42</b>", text(report, "data", "text/html"));
        String log = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("hello log\nn is 21\ncopied 0 rows\ncopied 10 rows\nreport 42\n"), log);
    }

    @Test
    void anUpdatedDisplayLogsOnlyItsNewLinesButRecordsItsLastState() throws Exception {
        Path notebook = TestNotebooks.write(dir.resolve("board.ipynb"), code("""
                String id = display("users: running");
                updateDisplay(id, "users: 25 done\\ncomments: running");
                updateDisplay(id, "users: 25 done\\ncomments: running");
                updateDisplay(id, "users: 25 done\\ncomments: 5,000 done");"""));
        Path executed = dir.resolve("board-executed.ipynb");

        assertEquals(0, NotebookRunner.run(notebook, executed, Map.of()).exitCode());

        JsonObject board = outputs(TestNotebooks.cells(executed).get(0)).get(0);
        assertEquals("users: 25 done\ncomments: 5,000 done", text(board, "data", "text/plain"));
        assertEquals("users: running\nusers: 25 done\ncomments: running\ncomments: 5,000 done\n",
                stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void parametersAreInjectedAfterTheParametersCell() throws Exception {
        Path notebook = TestNotebooks.write(dir.resolve("params.ipynb"),
                code("String runDate = \"2000-01-01\";\nString label = \"default\";", "parameters"),
                code("runDate + \" / \" + label"));
        String tricky = "O'Brien \"quoted\" C:\\new\\u000a line\nnext\ttab\u0001";
        Path executed = dir.resolve("executed.ipynb");

        NotebookRunner.RunResult result = NotebookRunner.run(notebook, executed,
                Map.of("runDate", "2026-11-25", "label", tricky));

        assertEquals(0, result.exitCode());
        List<JsonObject> cells = TestNotebooks.cells(executed);
        assertEquals(3, cells.size());
        assertEquals("injected-parameters", cells.get(1).getAsJsonObject("metadata").getAsJsonArray("tags").get(0).getAsString());
        assertEquals(List.of(), TestNotebooks.cells(notebook).get(0).getAsJsonArray("outputs").asList(), "the notebook is untouched");
        assertEquals("label = " + tricky + "\nrunDate = 2026-11-25\n", text(outputs(cells.get(1)).get(0), "text"),
                "the injected cell shows the values it took");
        assertTrue(Notebook.text(cells.get(1).get("source")).contains("System.getProperty(\"notebook.parameter.label\", label)"),
                "the values are not in the cell's source, so its compiled copy is the same every night");
        assertEquals(null, System.getProperty("notebook.parameter.label"), "the properties are gone after the run");
        assertEquals("2026-11-25 / " + tricky, text(outputs(cells.get(2)).get(0), "data", "text/plain"));
    }

    @Test
    void parametersWithoutAParametersCellAreRefused() throws Exception {
        Path notebook = TestNotebooks.write(dir.resolve("plain.ipynb"), code("1 + 1"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NotebookRunner.run(notebook, dir.resolve("x.ipynb"), Map.of("a", "b")));
        assertTrue(refused.getMessage().contains("no cell is tagged \"parameters\""), refused.getMessage());
    }

    @Test
    void aFailingCellStopsTheRunWithExitCode1() throws Exception {
        Path notebook = TestNotebooks.write(dir.resolve("fails.ipynb"),
                code("System.out.println(\"first\");"),
                code("System.out.println(\"second\");\nthrow new IllegalStateException(\"source table missing\");"),
                code("System.out.println(\"never\");"));
        Path executed = dir.resolve("executed.ipynb");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        NotebookRunner.RunResult result;
        try {
            result = NotebookRunner.run(notebook, executed, Map.of());
        } finally {
            System.setErr(originalErr);
        }

        assertEquals(new NotebookRunner.RunResult(1, executed, 1), result);
        // The log gets one line; the traceback goes beside the executed notebook.
        String log = stderr.toString(StandardCharsets.UTF_8);
        Path errorFile = dir.resolve(NotebookRunner.ERROR_FILE);
        assertTrue(log.contains("[notebook] cell 1 failed: IllegalStateException: source table missing (traceback: "
                + errorFile.toAbsolutePath() + ")\n"), log);
        assertTrue(!log.contains("\tat "), log);
        assertTrue(java.nio.file.Files.readString(errorFile).contains("\tat "));
        List<JsonObject> cells = TestNotebooks.cells(executed);
        List<JsonObject> failed = outputs(cells.get(1));
        assertEquals("second\n", text(failed.get(0), "text"));
        JsonObject error = failed.get(1);
        assertEquals("error", error.get("output_type").getAsString());
        assertEquals("java.lang.IllegalStateException", error.get("ename").getAsString());
        assertEquals("source table missing", error.get("evalue").getAsString());
        assertEquals("java.lang.IllegalStateException: source table missing",
                error.getAsJsonArray("traceback").get(0).getAsString());
        assertTrue(outputs(cells.get(2)).isEmpty());
        assertTrue(cells.get(2).get("execution_count").isJsonNull());
        assertTrue(!stdout.toString(StandardCharsets.UTF_8).contains("never"));
    }

    @Test
    void anExceptionsExitCodeMethodChoosesTheExitCode() throws Exception {
        Path notebook = TestNotebooks.write(dir.resolve("locked.ipynb"),
                code("class LockHeld extends RuntimeException {\n"
                        + "    LockHeld() { super(\"another run holds the lock\"); }\n"
                        + "    public int exitCode() { return 75; }\n}"),
                code("throw new RuntimeException(\"cannot start\", new LockHeld());"));

        NotebookRunner.RunResult result = NotebookRunner.run(notebook, dir.resolve("executed.ipynb"), Map.of());

        assertEquals(75, result.exitCode());
        assertEquals(1, result.failedCell());
    }

    @Test
    void aCompileErrorFailsTheRunAndNamesTheLine() throws Exception {
        Path notebook = TestNotebooks.write(dir.resolve("typo.ipynb"), code("int a = 1;\nint b = a + c;"));
        Path executed = dir.resolve("executed.ipynb");

        assertEquals(1, NotebookRunner.run(notebook, executed, Map.of()).exitCode());

        JsonObject error = outputs(TestNotebooks.cells(executed).get(0)).get(0);
        assertEquals("CompileError", error.get("ename").getAsString());
        assertTrue(error.get("evalue").getAsString().startsWith("line 2: cannot find symbol"), error.toString());
    }
}
