package io.github.nightlymigration.cli;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.export.IdExport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export-ids}: the ID CSVs and attachments.csv for the files machine (runs notebook 02 headless). */
@Command(name = "export-ids", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Exports the ID translations and the attachment list as CSV with a manifest (runs notebooks/02-export-id-csv.ipynb).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:exported", "1:failed", "2:configuration error", "3:translator missing or damaged",
            "75:a migration holds the lock; try again when it has finished"})
public final class ExportIdsCommand implements Callable<Integer>, Watched.Connected {
    @Mixin ConnectionOptions connection;

    @Option(names = "--export-dir", paramLabel = "DIR", description = "where to write (default: $MIGRATOR_EXPORT_DIR or <state dir>/export)")
    Path exportDir;

    @Option(names = "--notebook", paramLabel = "FILE", description = "the notebook to run (default: notebooks/02-export-id-csv.ipynb)")
    Path notebook;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return Commands.line(new ExportIdsCommand()).execute(args);
    }

    @Override
    public String watchedAs() {
        return "export-ids";
    }

    @Override
    public ConnectionOptions connection() {
        return connection;
    }

    @Override
    public Integer call() {
        MigratorSettings settings = MigratorSettings.fromMap(connection.environment());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("newUrl", settings.newUrl() == null ? "" : settings.newUrl());
        params.put("stateDir", settings.stateDir().toAbsolutePath().toString());
        params.put("exportDir", (exportDir != null ? exportDir : IdExport.defaultDirectory(settings)).toAbsolutePath().toString());
        return NotebookStep.run(notebook != null ? notebook : ProjectFiles.notebook("02-export-id-csv.ipynb"),
                settings.stateDir(), params);
    }
}
