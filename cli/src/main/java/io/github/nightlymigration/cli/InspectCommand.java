package io.github.nightlymigration.cli;

import io.github.nightlymigration.MigratorSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code inspect}: runs notebook 04 headless; the executed copy in the run folder holds its tables and charts. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Tables and charts of the old and new databases and of the nightly runs (runs notebooks/04-inspect.ipynb).")
public final class InspectCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Option(names = "--notebook", paramLabel = "FILE", description = "the notebook to run (default: notebooks/04-inspect.ipynb)")
    Path notebook;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return Commands.line(new InspectCommand()).execute(args);
    }

    @Override
    public Integer call() {
        MigratorSettings settings = MigratorSettings.fromMap(connection.environment()).validated();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("oldUrl", settings.oldUrl());
        params.put("newUrl", settings.newUrl());
        params.put("stateDir", settings.stateDir().toAbsolutePath().toString());
        return NotebookStep.run(notebook != null ? notebook : ProjectFiles.notebook("04-inspect.ipynb"),
                settings.stateDir(), params);
    }
}
