package io.github.nightlymigration.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Runs a notebook without Jupyter: its code cells in order, with the same {@link CellEngine} as the
 * kernel, and writes the executed notebook (with every output) as the run's audit record. Cell output
 * goes to stdout/stderr as it happens; the first failing cell stops the run.
 * <p>
 * <p>
 * With a compiled-cell cache ({@link CompiledCellCache}), a run whose cells, JDK and class path are
 * those of an earlier successful run replays what JShell compiled then ({@link CompiledCellReplay})
 * instead of starting JShell and javac again; any change to a cell compiles anew.
 * <p>
 * Command line: {@code NotebookRunner NOTEBOOK.ipynb --output EXECUTED.ipynb [--param name=value]...
 * [--cell-cache DIR]}; the process exits with {@link RunResult#exitCode()}. Library use:
 * {@link #run(Path, Path, Map, Path)}.
 */
public final class NotebookRunner {
    /** Where a failed cell's full traceback is written, beside the executed notebook. */
    public static final String ERROR_FILE = "error.txt";
    /** Exit code for a wrong command line or a notebook that cannot be read or written. */
    public static final int USAGE_ERROR = 2;

    /**
     * @param exitCode         0, or the failing cell's exit code (see the class comment of FailureExitCode)
     * @param executedNotebook where the executed notebook was written
     * @param failedCell       index of the failing cell in the executed notebook's cells, or -1
     */
    public record RunResult(int exitCode, Path executedNotebook, int failedCell) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Path output;
    private final Notebook notebook;
    private final String notebookName;
    private final CompiledCellCache cellCache;
    private final Map<String, JsonObject> displays = new HashMap<>();
    private Optional<String> cacheKey = Optional.empty();
    private CompiledCells.Recorder recorder;
    private boolean replaying;
    private JsonArray currentOutputs;
    private CellOutputCapture capture;

    private NotebookRunner(Notebook notebook, String notebookName, Path output, CompiledCellCache cellCache) {
        this.notebook = notebook;
        this.notebookName = notebookName;
        this.output = output;
        this.cellCache = cellCache;
    }

    public static void main(String[] args) {
        Path notebook = null;
        Path output = null;
        Path cellCache = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--output") || arg.equals("--param") || arg.equals("--cell-cache")) && i + 1 == args.length) {
                usage(arg + " needs a value");
            } else if (arg.equals("--output")) {
                output = Path.of(args[++i]);
            } else if (arg.equals("--cell-cache")) {
                cellCache = Path.of(args[++i]);
            } else if (arg.equals("--param")) {
                String assignment = args[++i];
                int eq = assignment.indexOf('=');
                if (eq <= 0) {
                    usage("--param takes name=value, got: " + assignment);
                }
                parameters.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            } else if (arg.startsWith("-") || notebook != null) {
                usage("unexpected argument: " + arg);
            } else {
                notebook = Path.of(arg);
            }
        }
        if (notebook == null || output == null) {
            usage("a notebook and --output are required");
        }
        try {
            System.exit(run(notebook, output, parameters, cellCache).exitCode());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("NotebookRunner: " + e.getMessage());
            System.exit(USAGE_ERROR);
        }
    }

    /**
     * Runs the notebook and writes the executed copy to {@code output} (also after each cell, so a run
     * that is killed still leaves its record up to the last finished cell).
     *
     * @param parameters assigned, as Java strings, in a cell added after the cell tagged "parameters"
     * @throws IOException              the notebook cannot be read or the record cannot be written
     * @throws IllegalArgumentException parameters were given but the notebook has no parameters cell,
     *                                  or a parameter name is not a Java variable name
     */
    public static RunResult run(Path notebookPath, Path output, Map<String, String> parameters) throws IOException {
        return run(notebookPath, output, parameters, null);
    }

    /** @param cellCache directory of compiled cells to replay from and keep them in, or null to compile with JShell */
    public static RunResult run(Path notebookPath, Path output, Map<String, String> parameters, Path cellCache)
            throws IOException {
        Notebook notebook = Notebook.read(notebookPath);
        injectParameters(notebook, parameters);
        Path notebookDir = notebookPath.toAbsolutePath().getParent();
        try (InjectedParameters injected = InjectedParameters.set(parameters)) {
            return new NotebookRunner(notebook, notebookPath.getFileName().toString(), output,
                    cellCache == null ? null : new CompiledCellCache(cellCache)).runAll(notebookDir);
        }
    }

    private static void injectParameters(Notebook notebook, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return;
        }
        List<JsonObject> cells = notebook.cells();
        for (int i = 0; i < cells.size(); i++) {
            if (Notebook.hasTag(cells.get(i), InjectedParameters.PARAMETERS_TAG)) {
                notebook.insertCell(i + 1, Notebook.codeCell(InjectedParameters.cellSource(parameters.keySet()),
                        InjectedParameters.INJECTED_TAG));
                return;
            }
        }
        throw new IllegalArgumentException("parameters " + parameters.keySet()
                + " were given but no cell is tagged \"" + InjectedParameters.PARAMETERS_TAG + "\"");
    }

    /**
     * The failure as one log line (the message's first line; a long operator message stays whole), with where
     * its traceback went: {@value #ERROR_FILE} beside the executed notebook, and the notebook's own error output.
     */
    private String logLine(CellError error) {
        Path file = output.toAbsolutePath().resolveSibling(ERROR_FILE);
        String where;
        try {
            Files.writeString(file, error.ename() + ": " + error.evalue() + "\n" + error.text() + "\n");
            where = file.toString();
        } catch (IOException e) {
            where = "the executed notebook";
        }
        String message = error.evalue().lines().findFirst().orElse("");
        String name = error.ename().substring(error.ename().lastIndexOf('.') + 1);
        return name + ": " + message + " (traceback: " + where + ")";
    }

    private RunResult runAll(Path notebookDir) throws IOException {
        JsonObject record = new JsonObject();
        record.addProperty("started", Instant.now().toString());
        notebook.metadata().add("notebook_runner", record);
        List<JsonObject> cells = notebook.cells();
        cells.stream().filter(Notebook::isCode).forEach(cell -> {
            cell.add("outputs", new JsonArray());
            cell.add("execution_count", null);
        });

        int exitCode = 0;
        int failedCell = -1;
        int executionCount = 0;
        try (CellEvaluator engine = openCells(notebookDir, record);
             CellOutputCapture capture = new CellOutputCapture(this::appendStream)) {
            this.capture = capture;
            for (int i = 0; i < cells.size() && failedCell < 0; i++) {
                JsonObject cell = cells.get(i);
                if (!Notebook.isCode(cell)) {
                    continue;
                }
                currentOutputs = cell.getAsJsonArray("outputs");
                cell.addProperty("execution_count", ++executionCount);
                capture.realErr().printf("[notebook] cell %d (execution %d)%n", i, executionCount);
                long started = System.nanoTime();
                timing(cell, "iopub.execute_input");
                try {
                    CellValue value = engine.eval(Notebook.text(cell.get("source")));
                    capture.drain();
                    if (value.isPresent()) {
                        MimeBundle bundle = RichRenderer.render(value.value());
                        currentOutputs.add(Notebook.executeResult(executionCount, bundle));
                        capture.realOut().println(bundle.text());
                    }
                } catch (Exception failure) {
                    capture.drain();
                    if (replaying) {
                        // Whether the cell or its compiled copy is at fault, the next run compiles afresh.
                        cellCache.remove(notebookName, cacheKey.get());
                    }
                    CellError error = CellError.of(failure);
                    currentOutputs.add(Notebook.errorOutput(error));
                    capture.realErr().printf("[notebook] cell %d failed: %s%n", i, logLine(error));
                    failedCell = i;
                    exitCode = FailureExitCode.of(failure);
                }
                timing(cell, "shell.execute_reply");
                capture.realErr().printf(Locale.ROOT, "[notebook] cell %d took %.2f s%n", i, (System.nanoTime() - started) / 1e9);
                notebook.write(output);
            }
        }
        if (recorder != null && failedCell < 0) {
            keep(recorder.finish());
        }
        record.addProperty("finished", Instant.now().toString());
        record.addProperty("exit_code", exitCode);
        if (failedCell >= 0) {
            record.addProperty("failed_cell", failedCell);
        }
        notebook.write(output);
        return new RunResult(exitCode, output, failedCell);
    }

    /**
     * The replay of an earlier night's compile when the cache holds one for exactly these cells, else
     * JShell (telling a recorder what it compiles, when there is a cache to keep it in). The record
     * says which ran.
     */
    private CellEvaluator openCells(Path notebookDir, JsonObject record) {
        cacheKey = cellCache == null ? Optional.empty() : CompiledCellCache.key(notebookDir,
                notebook.cells().stream().filter(Notebook::isCode).map(cell -> Notebook.text(cell.get("source"))).toList());
        Optional<CompiledCells> compiled = cacheKey.flatMap(key -> cellCache.find(notebookName, key));
        if (compiled.isPresent()) {
            try {
                CellEvaluator replay = new CompiledCellReplay(compiled.get(), notebookDir, new RecordingDisplay());
                replaying = true;
                record.addProperty("cells", "run as compiled by JShell on an earlier run ("
                        + cellCache.file(notebookName, cacheKey.get()) + ")");
                System.err.println("[notebook] cells " + record.get("cells").getAsString());
                return replay;
            } catch (Exception | LinkageError e) {
                System.err.println("[notebook] the compiled cells do not run (" + e + "): compiling them again");
            }
        }
        recorder = cacheKey.isPresent() ? new CompiledCells.Recorder() : null;
        record.addProperty("cells", "compiled by JShell");
        CellCompilerTier.keepOnFirstTier();
        return new CellEngine(notebookDir, new RecordingDisplay(), recorder);
    }

    /** A cache that cannot be written costs the next night its compile, not this night its run. */
    private void keep(CompiledCells compiled) {
        if (compiled == null) {
            return;
        }
        try {
            cellCache.store(notebookName, cacheKey.get(), compiled);
        } catch (IOException e) {
            System.err.println("[notebook] cannot keep the compiled cells in "
                    + cellCache.file(notebookName, cacheKey.get()) + ": " + e.getMessage());
        }
    }

    /** When a cell started and ended, in its metadata under nbclient's names: the record shows where a night's time went. */
    private static void timing(JsonObject cell, String event) {
        if (!cell.has("metadata")) {
            cell.add("metadata", new JsonObject());
        }
        JsonObject metadata = cell.getAsJsonObject("metadata");
        if (!metadata.has("execution")) {
            metadata.add("execution", new JsonObject());
        }
        metadata.getAsJsonObject("execution").addProperty(event, Instant.now().toString());
    }

    /** Consecutive text of one stream stays one output, as Jupyter stores it. */
    private void appendStream(String name, String text) {
        if (!currentOutputs.isEmpty()) {
            JsonObject last = currentOutputs.get(currentOutputs.size() - 1).getAsJsonObject();
            if ("stream".equals(last.get("output_type").getAsString()) && name.equals(last.get("name").getAsString())) {
                last.add("text", Notebook.lines(Notebook.text(last.get("text")) + text));
                return;
            }
        }
        currentOutputs.add(Notebook.streamOutput(name, text));
    }

    /**
     * Keeps displays in the record; an update replaces the displayed output, as Jupyter does. The log
     * (stdout) gets of an update only the lines it has not shown for that display yet: live progress
     * becomes one line per step in a cron log, not the whole board again at every update.
     */
    private final class RecordingDisplay implements DisplaySink {
        private final Map<String, Set<String>> loggedLines = new HashMap<>();

        @Override
        public void display(MimeBundle bundle, String displayId) {
            capture.drain();
            JsonObject shown = Notebook.displayOutput(bundle);
            displays.put(displayId, shown);
            currentOutputs.add(shown);
            loggedLines.put(displayId, new HashSet<>(bundle.text().lines().toList()));
            capture.realOut().println(bundle.text());
        }

        @Override
        public void updateDisplay(MimeBundle bundle, String displayId) {
            JsonObject shown = displays.get(displayId);
            if (shown == null) {
                throw new IllegalArgumentException("no display with id " + displayId);
            }
            shown.add("data", Notebook.data(bundle));
            capture.drain();
            Set<String> logged = loggedLines.get(displayId);
            bundle.text().lines().filter(logged::add).forEach(capture.realOut()::println);
        }
    }

    private static void usage(String problem) {
        System.err.println("NotebookRunner: " + problem);
        System.err.println("usage: NotebookRunner NOTEBOOK.ipynb --output EXECUTED.ipynb [--param name=value]..."
                + " [--cell-cache DIR]");
        System.exit(USAGE_ERROR);
    }
}
