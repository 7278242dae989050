package io.github.nightlymigration.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a notebook from what JShell compiled it into on an earlier run ({@link CompiledCells}): the
 * same classes loaded and the same snippets run in the same order, on the same kind of thread, with
 * the same {@code %classpath} handling and display sink, but no JShell and no javac in the process.
 * Each cell must be the very cell that was compiled; anything else is refused, never run. Only the
 * headless runner replays, and nothing interrupts it: no stop handling here.
 */
final class CompiledCellReplay implements CellEvaluator {
    private final CompiledCells compiled;
    private final SnippetLoader loader;
    private final ClasspathMagic classpathMagic;
    private final JvmClassPath jvmClassPath = JvmClassPath.ofThisJvm();
    private final DisplaySink displaySink;
    private final SnippetThread thread = new SnippetThread();
    private int nextCell;

    CompiledCellReplay(CompiledCells compiled, Path notebookDir, DisplaySink displaySink) throws Exception {
        this.compiled = compiled;
        this.loader = new SnippetLoader(compiled);
        this.classpathMagic = new ClasspathMagic(notebookDir);
        this.displaySink = displaySink;
        replay(nextCell(CellEngine.CELL_PRELUDE));
    }

    @Override
    public CellValue eval(String cellSource) throws Exception {
        CompiledCells.Cell cell = nextCell(cellSource);
        classpathMagic.apply(cellSource, entries -> entries.stream()
                .filter(entry -> !jvmClassPath.provides(entry)).forEach(loader::add));
        NotebookDisplay.attach(displaySink);
        try {
            return replay(cell);
        } finally {
            NotebookDisplay.detach(displaySink);
        }
    }

    private CompiledCells.Cell nextCell(String source) {
        List<CompiledCells.Cell> cells = compiled.cells();
        if (nextCell >= cells.size() || !cells.get(nextCell).source().equals(source)) {
            throw new IllegalStateException("the compiled cells do not match this notebook at cell " + nextCell
                    + ": compile it again (run without the compiled-cell cache)");
        }
        return cells.get(nextCell++);
    }

    private CellValue replay(CompiledCells.Cell cell) throws Exception {
        CellValue value = CellValue.NONE;
        for (CompiledCells.Snippet snippet : cell.snippets()) {
            Object last = null;
            for (CompiledCells.Op op : snippet.ops()) {
                Class<?> snippetClass = Class.forName(op.className(), false, loader);
                if (op.invoke()) {
                    last = run(snippetClass);
                }
            }
            value = snippet.showsValue() && last != null ? new CellValue(last) : CellValue.NONE;
        }
        return value;
    }

    /** As JShell's local execution runs a snippet: its {@code do_it$}, made accessible, on a snippet thread. */
    private Object run(Class<?> snippetClass) throws Exception {
        Method doit = snippetClass.getDeclaredMethod("do_it$");
        doit.setAccessible(true);
        try {
            return thread.run(doit);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw new UncaughtErrorException(error);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Defines the snippets' classes from their recorded bytecode, below this JVM's class path as
     * JShell's own loader is, and takes {@code %classpath} entries as JShell's does.
     */
    private static final class SnippetLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final CompiledCells compiled;

        SnippetLoader(CompiledCells compiled) {
            super("compiled-cells", new URL[0], ClassLoader.getSystemClassLoader());
            this.compiled = compiled;
        }

        void add(Path entry) {
            try {
                addURL(entry.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(entry + ": " + e.getMessage(), e);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = compiled.classBytes(name);
            return bytes != null ? defineClass(name, bytes, 0, bytes.length) : super.findClass(name);
        }
    }
}
