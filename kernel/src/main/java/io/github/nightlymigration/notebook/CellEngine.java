package io.github.nightlymigration.notebook;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Evaluates notebook cells: Java source run by JShell in this JVM, with state kept across cells and
 * the line magics {@code %classpath} / {@code %jars}. Used by both the Jupyter kernel and the headless
 * runner, so a notebook behaves the same in both.
 */
public final class CellEngine implements CellEvaluator {

    /** Made visible in every cell: the jshell tool's default imports and display functions, as in IJava and JJava. */
    static final String CELL_PRELUDE = """
            import java.io.*;
            import java.math.*;
            import java.net.*;
            import java.nio.file.*;
            import java.util.*;
            import java.util.concurrent.*;
            import java.util.function.*;
            import java.util.prefs.*;
            import java.util.regex.*;
            import java.util.stream.*;
            """
            + "import static io.github.nightlymigration.notebook.NotebookDisplay.display;\n"
            + "import static io.github.nightlymigration.notebook.NotebookDisplay.updateDisplay;\n";

    private final JShell shell;
    private final ObjectKeepingExecutionControl control;
    private final ClasspathMagic classpathMagic;
    private final DisplaySink displaySink;
    private final JvmClassPath jvmClassPath = JvmClassPath.ofThisJvm();
    private final CompiledCells.Recorder recorder;

    /**
     * @param notebookDir  directory that relative {@code %classpath} entries resolve against
     * @param displaySink  where {@code display(...)} / {@code updateDisplay(...)} calls in cells go
     */
    public CellEngine(Path notebookDir, DisplaySink displaySink) {
        this(notebookDir, displaySink, null);
    }

    /** @param recorder told what JShell compiled and ran, cell by cell (the headless runner's cache), or null */
    CellEngine(Path notebookDir, DisplaySink displaySink, CompiledCells.Recorder recorder) {
        AtomicReference<ObjectKeepingExecutionControl> created = new AtomicReference<>();
        this.shell = JShell.builder()
                .executionEngine(ObjectKeepingExecutionControl.provider(created, recorder), null)
                .build();
        this.control = created.get();
        this.classpathMagic = new ClasspathMagic(notebookDir);
        this.displaySink = displaySink;
        this.recorder = recorder;
        for (SnippetEvent event : evalAll(CELL_PRELUDE)) {
            if (event.status() == Snippet.Status.REJECTED) {
                throw new IllegalStateException("the cell prelude did not compile: " + event.snippet().source());
            }
        }
        if (recorder != null) {
            recorder.endCell(CELL_PRELUDE);
        }
    }

    @Override
    public CellValue eval(String cellSource) throws Exception {
        String javaSource = classpathMagic.apply(cellSource, this::addToClasspath);
        NotebookDisplay.attach(displaySink);
        try {
            CellValue value = evalJava(javaSource);
            if (recorder != null) {
                recorder.endCell(cellSource);
            }
            return value;
        } finally {
            NotebookDisplay.detach(displaySink);
        }
    }

    /** Stops the cell that is running, if any; safe to call from another thread. */
    public void interrupt() {
        control.stop();
    }

    /** Completion suggestions for the code at the cursor, for the kernel's tab completion. */
    public List<String> complete(String code, int cursor, int[] replaceStart) {
        return shell.sourceCodeAnalysis().completionSuggestions(code, cursor, replaceStart).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
    }

    /** Adds what this JVM's class path does not already hold (see {@link JvmClassPath}). */
    void addToClasspath(List<Path> entries) {
        String missing = entries.stream().filter(entry -> !jvmClassPath.provides(entry))
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        if (!missing.isEmpty()) {
            shell.addToClasspath(missing);
        }
    }

    private CellValue evalJava(String source) throws Exception {
        CellValue value = CellValue.NONE;
        int offset = 0;
        while (offset < source.length()) {
            String rest = source.substring(offset);
            SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            if (!info.completeness().isComplete()) {
                throw new CellCompileException(lineOf(source, offset + leadingWhitespace(rest)),
                        "incomplete code (a missing ';', ')' or '}'?)", rest.strip().lines().findFirst().orElse(""));
            }
            // The snippet's source starts where the rest does (leading blank lines and comments included).
            value = evalSnippet(info.source(), lineOf(source, offset));
            offset = source.length() - info.remaining().length();
        }
        return value;
    }

    private List<SnippetEvent> evalAll(String source) {
        List<SnippetEvent> events = new ArrayList<>();
        String rest = source;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
            events.addAll(shell.eval(info.source()));
            if (recorder != null) {
                recorder.endSnippet(false);
            }
            rest = info.remaining();
        }
        return events;
    }

    private CellValue evalSnippet(String snippetSource, int firstLine) throws Exception {
        control.clearLast();
        List<SnippetEvent> events = shell.eval(snippetSource);
        if (control.stopRequested()) {
            throw new CellInterruptedException(control.lastThrown());
        }
        boolean expression = false;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // an update of an earlier snippet caused by this one, not this one's outcome
            }
            Snippet snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                throw compileError(snippet, firstLine);
            }
            if (event.exception() != null) {
                throw runtimeFailure(event);
            }
            expression |= isExpression(snippet);
        }
        if (recorder != null) {
            recorder.endSnippet(expression);
        }
        return expression && control.lastValue() != null ? new CellValue(control.lastValue()) : CellValue.NONE;
    }

    private Exception runtimeFailure(SnippetEvent event) {
        Throwable thrown = control.lastThrown();
        if (event.exception() instanceof UnresolvedReferenceException unresolved) {
            String missing = shell.unresolvedDependencies(unresolved.getSnippet()).collect(Collectors.joining(", "));
            return new IllegalStateException("cannot use '" + unresolved.getSnippet().source().strip()
                    + "': it depends on undefined " + missing);
        }
        if (thrown instanceof Exception e) {
            return e;
        }
        if (thrown instanceof Error e) {
            return new UncaughtErrorException(e);
        }
        // Not expected: JShell reported a failure the execution control did not see.
        EvalException jshellCopy = (EvalException) event.exception();
        return new IllegalStateException(jshellCopy.getExceptionClassName() + ": " + jshellCopy.getMessage());
    }

    private CellCompileException compileError(Snippet snippet, int firstLine) {
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        String source = snippet.source();
        if (errors.isEmpty()) {
            String missing = snippet instanceof jdk.jshell.DeclarationSnippet declaration
                    ? shell.unresolvedDependencies(declaration).collect(Collectors.joining(", ")) : "";
            return new CellCompileException(firstLine, missing.isEmpty() ? "rejected by JShell" : "cannot find " + missing,
                    source.lines().findFirst().orElse(""));
        }
        Diag first = errors.get(0);
        int position = (int) Math.max(0, Math.min(first.getStartPosition(), source.length()));
        int lineInSnippet = lineOf(source, position);
        String message = first.getMessage(Locale.ROOT).lines()
                .filter(line -> !line.strip().startsWith("location:"))
                .collect(Collectors.joining("\n"));
        return new CellCompileException(firstLine + lineInSnippet - 1, message,
                source.lines().skip(lineInSnippet - 1).findFirst().orElse(""));
    }

    /** Expressions show their value; assignments ({@code x = 5;}, the injected parameters) do not. */
    private static boolean isExpression(Snippet snippet) {
        return (snippet.kind() == Snippet.Kind.EXPRESSION && snippet.subKind() != Snippet.SubKind.ASSIGNMENT_SUBKIND)
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** 1-based line number of a character offset. */
    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    @Override
    public void close() {
        shell.close();
    }
}
