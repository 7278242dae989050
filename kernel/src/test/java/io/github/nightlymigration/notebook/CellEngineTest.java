package io.github.nightlymigration.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellEngineTest {
    @TempDir
    Path notebookDir;

    private final List<String> displayed = new ArrayList<>();
    private CellEngine engine;

    @BeforeEach
    void start() {
        engine = new CellEngine(notebookDir, new DisplaySink() {
            @Override
            public void display(MimeBundle bundle, String displayId) {
                displayed.add("display " + displayId + " " + bundle.text());
            }

            @Override
            public void updateDisplay(MimeBundle bundle, String displayId) {
                displayed.add("update " + displayId + " " + bundle.text());
            }
        });
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void keepsStateAcrossCellsAndReturnsTheLastExpressionsRealValue() throws Exception {
        assertFalse(engine.eval("int x = 20;\nString unit = \"rows\";").isPresent());
        CellValue value = engine.eval("var list = new ArrayList<Integer>();\nlist.add(x * 2 + 2);\nlist");
        assertEquals(List.of(42), value.value());
        assertEquals("[42]", RichRenderer.render(value.value()).text());
        assertEquals("42 rows", engine.eval("x * 2 + 2 + \" \" + unit").value());
    }

    @Test
    void statementsAndNullValuesShowNothing() throws Exception {
        assertFalse(engine.eval("System.out.println(\"x\");").isPresent());
        assertFalse(engine.eval("String s = null;\ns").isPresent());
        assertFalse(engine.eval("int n = 1;\nn = 2;").isPresent());
    }

    @Test
    void classpathMagicLoadsJarsByGlobRelativeToTheNotebook() throws Exception {
        TestJars.greeterJar(notebookDir);
        CellValue value = engine.eval("%classpath lib/*\ndemo.Greeter.hello(\"jar\")");
        assertEquals("hello jar", value.value());
        // Libraries that look classes up through the context class loader must see the jar too.
        assertEquals("demo.Greeter", engine.eval(
                "Thread.currentThread().getContextClassLoader().loadClass(\"demo.Greeter\").getName()").value());
    }

    @Test
    void jarsMagicTakesANamedJarAndMissingPathsFailClearly() throws Exception {
        TestJars.greeterJar(notebookDir);
        assertEquals("hello old", engine.eval("%jars lib/greeter.jar\ndemo.Greeter.hello(\"old\")").value());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> engine.eval("%classpath nowhere/missing.jar"));
        assertTrue(missing.getMessage().contains("no such jar or directory"), missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> engine.eval("%maven org.example:x:1"));
        assertTrue(unknown.getMessage().contains("unknown magic %maven"), unknown.getMessage());
    }

    @Test
    void objectsWithToHtmlRenderAsHtmlAndPlainText() throws Exception {
        engine.eval("""
                class Summary {
                    public String toHtml() { return "<b>3 tables</b>"; }
                    public String toString() { return "3 tables"; }
                }
                """);
        MimeBundle bundle = RichRenderer.render(engine.eval("new Summary()").value());
        assertEquals("3 tables", bundle.text());
        assertEquals("<b>3 tables</b>", bundle.data().get(MimeBundle.HTML));
    }

    @Test
    void displayDataIsShownAsItIs() throws Exception {
        MimeBundle bundle = RichRenderer.render(engine.eval("""
                var data = new io.github.spencerpark.jupyter.kernel.display.DisplayData("plain");
                data.putHTML("<i>rich</i>");
                data
                """).value());
        assertEquals("plain", bundle.text());
        assertEquals("<i>rich</i>", bundle.data().get(MimeBundle.HTML));
    }

    @Test
    void aRendererALibraryRegisteredShowsItsTypesAndOnlyThose() throws Exception {
        NotebookDisplay.useRenderer("test", v -> v instanceof java.time.Duration d
                ? java.util.Map.of(MimeBundle.TEXT, "took " + d.toSeconds() + " s", "image/png", "iVBORw0KGgo") : null);
        try {
            MimeBundle bundle = RichRenderer.render(engine.eval("java.time.Duration.ofSeconds(3)").value());
            assertEquals("took 3 s", bundle.text());
            assertEquals("iVBORw0KGgo", bundle.data().get("image/png"));
            assertEquals(java.util.Set.of(MimeBundle.TEXT), RichRenderer.render(engine.eval("42L").value()).data().keySet());
        } finally {
            NotebookDisplay.useRenderer("test", v -> null);
        }
    }

    @Test
    void displayAndUpdateDisplayReachTheSink() throws Exception {
        engine.eval("String id = display(\"step 1 of 2\");\nupdateDisplay(id, \"step 2 of 2\");");
        String id = (String) engine.eval("id").value();
        assertEquals(List.of("display " + id + " step 1 of 2", "update " + id + " step 2 of 2"), displayed);
    }

    @Test
    void anExceptionFailsTheCellWithTheRealClassMessageAndTrace() throws Exception {
        engine.eval("void check(int n) { if (n > 2) throw new IllegalStateException(\"too many: \" + n); }");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> engine.eval("int a = 1;\ncheck(3);\nint b = 2;"));
        assertEquals("too many: 3", thrown.getMessage());
        CellError error = CellError.of(thrown);
        assertEquals("java.lang.IllegalStateException", error.ename());
        assertEquals("too many: 3", error.evalue());
        assertEquals("java.lang.IllegalStateException: too many: 3", error.traceback().get(0));
        assertTrue(error.traceback().get(1).contains("check"), error.text());
        // The cell stopped at the exception: b was never declared.
        assertThrows(CellCompileException.class, () -> engine.eval("b"));
    }

    @Test
    void aCompileErrorNamesTheCellLineAndTheCompilerMessage() {
        CellCompileException error = assertThrows(CellCompileException.class,
                () -> engine.eval("int a = 1;\n\nint b = a +\n    undefinedThing;\nint c = 3;"));
        assertEquals(4, error.cellLine(), error.getMessage());
        assertTrue(error.compilerMessage().contains("cannot find symbol"), error.compilerMessage());
        assertEquals("undefinedThing;", error.sourceLine().strip());
        assertTrue(CellError.of(error).traceback().get(0).startsWith("Compile error at cell line 4: cannot find symbol"));
    }

    @Test
    void anIncompleteCellIsACompileError() {
        CellCompileException error = assertThrows(CellCompileException.class, () -> engine.eval("int a = 1;\nfoo(1,"));
        assertEquals(2, error.cellLine());
    }

    @Test
    void interruptStopsARunningCellAndTheEngineStaysUsable() throws Exception {
        Exception failure = interruptedWhileRunning("int before = 1;\nThread.sleep(60_000);");
        assertTrue(failure instanceof CellInterruptedException, String.valueOf(failure));
        assertEquals(2, engine.eval("before + 1").value());
    }

    /** JDK 20 on has no Thread.stop: only the stop checks JShell weaves into the snippet end such a loop. */
    @Test
    void interruptStopsABusyLoopThatIgnoresInterrupts() throws Exception {
        Exception failure = interruptedWhileRunning("long spins = 0;\nwhile (spins >= 0) { spins = (spins + 1) % 1_000_000; }");
        assertTrue(failure instanceof CellInterruptedException, String.valueOf(failure));
        assertEquals(2, engine.eval("1 + 1").value());
    }

    /**
     * Runs the cell, interrupts it every half second until it ends (one that lands while JShell still
     * compiles the cell finds nothing running, as happens on a loaded machine), and returns what the
     * cell failed with (null: nothing); fails after 20 s: on JDK 17 a loop that ignores interrupts ends only
     * by Thread.stop, after the snippet thread's grace for a clean stop (10 s, time for a run to roll back).
     */
    private Exception interruptedWhileRunning(String cell) throws Exception {
        CompletableFuture<Exception> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                engine.eval(cell);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return outcome.get(500, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                engine.interrupt();
            }
        }
    }
}
