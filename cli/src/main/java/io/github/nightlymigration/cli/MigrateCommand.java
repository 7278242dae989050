package io.github.nightlymigration.cli;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.export.TranslatorRestore;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import io.github.nightlymigration.report.RunReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code migrate}: the nightly DB migration, by default through notebook 01 so cron runs what the operator reviewed. */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Copies the legacy database into the new one, published by one short transaction (runs notebooks/01-nightly-migration.ipynb).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:published", "1:the run failed; the new database is as the previous run left it",
            "2:configuration or preflight error; nothing was written",
            "3:translator file missing, damaged or not this database's: restore it (--restore-translator)",
            "4:refused to publish: a table would lose more than MIGRATOR_SHRINK_LIMIT of its rows (--accept-shrink)"
                + " or change more than MIGRATOR_CHANGE_LIMIT of them (--accept-changes)",
            "5:the new database is live since its cut-over: migrate refuses",
            "65:--restore-translator: the export fails its manifest", "75:another run holds the lock; try again later"})
public final class MigrateCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Option(names = "--dry-run", description = "do the whole run, report it, then roll back")
    boolean dryRun;

    @Option(names = "--accept-shrink", description = "publish although a table loses more than MIGRATOR_SHRINK_LIMIT"
            + " of its rows since the last published run, or becomes empty (the report records it)")
    boolean acceptShrink;

    @Option(names = "--accept-changes", description = "publish although more than MIGRATOR_CHANGE_LIMIT of a table's"
            + " rows change tonight (a bulk edit in the old app, a rule change meant to; the report records it)")
    boolean acceptChanges;

    @Option(names = "--create-new-schema", description = "apply the project's new-schema DDL to an empty new database, then exit")
    boolean createNewSchema;

    @Option(names = "--restore-translator", paramLabel = "EXPORT_DIR",
            description = "rebuild the translator from an ID export (verified against its manifest first), then exit")
    Path restoreFrom;

    @Option(names = "--notebook", paramLabel = "FILE", description = "the notebook to run (default: notebooks/01-nightly-migration.ipynb)")
    Path notebook;

    @Option(names = "--no-notebook", description = "call the library directly instead of running the notebook")
    boolean direct;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return Commands.line(new MigrateCommand()).execute(args);
    }

    @Override
    public Integer call() {
        Map<String, String> env = connection.environment();
        if (restoreFrom != null) {
            MigratorSettings settings = MigratorSettings.fromMap(env);
            IdTranslator ids = TranslatorRestore.restore(restoreFrom, settings.stateDir());
            System.out.println("restored " + MigrationRun.translatorFile(settings.stateDir()) + " from " + restoreFrom
                    + ": " + ids.size(IdKind.USER) + " users, " + ids.size(IdKind.REQUEST) + " requests, "
                    + ids.size(IdKind.COMMENT) + " comments, ... (every kind verified against manifest.json)");
            return 0;
        }
        MigratorSettings settings = MigratorSettings.fromMap(env).validated()
                .acceptingShrink(acceptShrink ? "--accept-shrink" : null)
                .acceptingChanges(acceptChanges ? "--accept-changes" : null);
        if (createNewSchema) {
            Migration.createNewSchema(settings);
            System.out.println("created the new schema in " + MigratorSettings.mask(settings.newUrl()));
            return 0;
        }
        if (direct) {
            try (TerminalProgress progress = new TerminalProgress()) {
                RunReport report = dryRun ? Migration.dryRun(settings, progress) : Migration.run(settings, progress);
                progress.close();
                System.out.print(report);
                return 0;
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("oldUrl", settings.oldUrl());
        params.put("newUrl", settings.newUrl());
        params.put("stateDir", settings.stateDir().toAbsolutePath().toString());
        params.put("dryRun", Boolean.toString(dryRun));
        params.put("publish", Boolean.toString(!dryRun));
        // Always passed, so that a night with the flag and one without run the same cells (see NotebookStep).
        params.put("acceptShrink", acceptShrink ? "--accept-shrink" : "false");
        params.put("acceptChanges", acceptChanges ? "--accept-changes" : "false");
        return NotebookStep.run(notebook != null ? notebook : ProjectFiles.notebook("01-nightly-migration.ipynb"),
                settings.stateDir(), params);
    }
}
