package io.github.nightlymigration.cli;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.engine.RunFolders;
import io.github.nightlymigration.monitoring.CommandWatch;
import io.github.nightlymigration.notebook.NotebookRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Runs a runbook notebook headless, as cron does: the same cells the operator reviewed, with the
 * parameters cell overridden, and the executed copy kept in the run folder as the audit record.
 * What JShell compiled the cells into is kept in {@code <state>/compiled-cells} (or
 * {@code MIGRATOR_COMPILED_CELLS}; {@code off} compiles every night) and run again while the cells,
 * the JDK and the jars stay the same: compiling cost a fifth of the command's CPU time at scale 1.
 */
final class NotebookStep {
    static final String COMPILED_CELLS = "MIGRATOR_COMPILED_CELLS";

    private NotebookStep() {}

    /** @return the process exit code: the failing cell's exitCode(), 1 for other failures, 0 on success */
    static int run(Path notebook, Path stateDir, Map<String, String> parameters) {
        if (!Files.exists(notebook)) {
            System.err.println("notebook not found: " + notebook + " (run from the project root, or pass --notebook)");
            return 2;
        }
        // The parameters are written into the executed notebook (the audit record): no password may travel in them.
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (p.getValue() != null && !MigratorSettings.mask(p.getValue()).equals(p.getValue())) {
                System.err.println(p.getKey() + " " + MigratorSettings.mask(p.getValue()) + " carries a password, which would"
                        + " be written into the executed notebook: set MIGRATOR_OLD_PASSWORD / MIGRATOR_NEW_PASSWORD"
                        + " instead (or run with --no-notebook)");
                return 2;
            }
        }
        Path runDir = RunFolders.create(stateDir, Instant.now());
        Map<String, String> params = new java.util.LinkedHashMap<>(parameters);
        params.put("runDir", runDir.toAbsolutePath().toString());
        Path executed = runDir.resolve(notebook.getFileName());
        CommandWatch.current().ifPresent(watch -> watch.runFolder(runDir));
        try {
            NotebookRunner.RunResult result = NotebookRunner.run(notebook, executed, params, compiledCells(stateDir));
            if (result.recordFailure() != null) System.err.println(result.recordFailure());
            System.err.println((result.succeeded() ? "done"
                    : result.exitCode() == NotebookRunner.RunResult.RECORD_NOT_WRITTEN ? "done, not recorded (exit 74)"
                    : "FAILED (exit " + result.exitCode() + ")")
                    + "; executed notebook: " + executed);
            if (!result.succeeded()) {
                CommandWatch.current().ifPresent(watch -> watch.failed(FailedCell.reason(result)));
            }
            return result.exitCode();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("cannot run " + notebook + ": " + e.getMessage());
            return 2;
        }
    }

    /** @return the directory of compiled cells, or null when the setting is {@code off} */
    private static Path compiledCells(Path stateDir) {
        String setting = System.getenv(COMPILED_CELLS);
        if (setting == null || setting.isBlank()) {
            return stateDir.resolve("compiled-cells");
        }
        return setting.strip().equalsIgnoreCase("off") ? null : Path.of(setting.strip());
    }
}
