package io.github.nightlymigration.cli;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.lineage.Lineage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code inspect}: runs notebook 04 headless (the executed copy in the run folder holds its tables and
 * charts), or, with {@code --trace}, prints one row's lineage and exits.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Tables and charts of the old and new databases and of the nightly runs (runs notebooks/04-inspect.ipynb).",
                "With --trace: where one row came from or what it became, and what the last run said about it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a query or the notebook failed", "2:bad arguments (an unknown table, a malformed id)",
                "3:the translator is damaged"})
public final class InspectCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Option(names = "--notebook", paramLabel = "FILE", description = "the notebook to run (default: notebooks/04-inspect.ipynb)")
    Path notebook;

    @Option(names = "--trace", paramLabel = "ROW", description = {
            "old.<table>:<id> (old.orders:123, old.users:5, old.comments:77): every new row it became, with its warnings"
                    + " or rejection in the latest successful run;",
            "new.<table>:<id> (new.requests:<uuid>, new.comments:<id>, new.subscriptions:<request>/<user>): the old row(s)"
                    + " it came from. Reads the translator without the run lock and never writes it."})
    String trace;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return Commands.line(new InspectCommand()).execute(args);
    }

    @Override
    public Integer call() {
        MigratorSettings settings = MigratorSettings.fromMap(connection.environment()).validated();
        if (trace != null) {
            System.out.print(Lineage.trace(settings, trace));
            return 0;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("oldUrl", settings.oldUrl());
        params.put("newUrl", settings.newUrl());
        params.put("stateDir", settings.stateDir().toAbsolutePath().toString());
        return NotebookStep.run(notebook != null ? notebook : ProjectFiles.notebook("04-inspect.ipynb"),
                settings.stateDir(), params);
    }
}
