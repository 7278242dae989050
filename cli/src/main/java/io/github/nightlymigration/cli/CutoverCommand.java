package io.github.nightlymigration.cli;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.cutover.Cutover;
import io.github.nightlymigration.cutover.LiveMark;
import io.github.nightlymigration.files.SyncSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover}: the last night, by default through notebook 05 so the executed copy is the cut-over's record. */
@Command(name = "cutover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The cut-over night: checks that the old app stopped writing, runs the final migration, ID export"
                + " and file sync, validates everything, then marks the new database live so that migrate refuses it.",
            "Rehearsal's way back: cutover --undo --yes-i-know <new database name>."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:cut over (or, with --undo, the mark removed)", "1:a step failed; nothing was marked live",
            "2:configuration error; nothing was marked live", "3:translator missing, damaged or not this database's",
            "4:the final migration would shrink or mass-change a table (no --accept-* here: find out why)",
            "5:the new database is live already", "6:refused: the old app still writes, or the validation failed",
            "75:another run holds the lock", "78:files root, bucket, credentials or endpoint unusable"})
public final class CutoverCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Option(names = "--quiet-interval", paramLabel = "DURATION", defaultValue = "${env:MIGRATOR_CUTOVER_QUIET_INTERVAL:-60s}",
            description = "how long the old tables' write counters must stand still (default: $MIGRATOR_CUTOVER_QUIET_INTERVAL or 60s)")
    String interval;

    @Option(names = "--skip-files", description = "the files are synced on another machine (sync-files there); skip the"
            + " file sync and the attachment check here")
    boolean skipFiles;

    @Mixin FilesOptions fileOptions;

    @Option(names = "--notebook", paramLabel = "FILE", description = "the notebook to run (default: notebooks/05-cut-over.ipynb)")
    Path notebook;

    @Option(names = "--no-notebook", description = "call the library directly instead of running the notebook")
    boolean direct;

    @Option(names = "--undo", description = "remove the live mark after a rehearsal (needs --yes-i-know <database name>)")
    boolean undo;

    @Option(names = "--yes-i-know", paramLabel = "DATABASE", description = "the new database's name, typed out, for --undo")
    String confirm;

    private Duration quietInterval() {
        try {
            Duration d = Duration.parse("PT" + interval.trim().toUpperCase());
            if (!d.isNegative()) return d;
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw MigratorException.configuration("--quiet-interval / MIGRATOR_CUTOVER_QUIET_INTERVAL must be a duration"
                + " like 60s or 2m, not '" + interval + "'");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return Commands.line(new CutoverCommand()).execute(args);
    }

    @Override
    public Integer call() {
        Map<String, String> env = connection.environment();
        MigratorSettings settings = MigratorSettings.fromMap(env).validated();
        if (undo) {
            System.out.println(Cutover.undo(settings, confirm));
            return 0;
        }
        Duration quiet = quietInterval();
        if (direct) {
            fileOptions.putEnvironment(env);
            SyncSettings files = skipFiles ? null : SyncSettings.fromEnv(env);
            try (TerminalProgress progress = new TerminalProgress()) {
                LiveMark.Mark mark = Cutover.run(settings, files, quiet, progress, step -> System.err.println("cutover: " + step));
                progress.close();
                System.out.println("cut over: " + mark.describe());
                System.out.println(mark.summary());
                return 0;
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("oldUrl", settings.oldUrl());
        params.put("newUrl", settings.newUrl());
        params.put("stateDir", settings.stateDir().toAbsolutePath().toString());
        params.put("quietInterval", quiet.toSeconds() + "s");
        params.put("skipFiles", Boolean.toString(skipFiles));
        fileOptions.putParameters(params);
        return NotebookStep.run(notebook != null ? notebook : ProjectFiles.notebook("05-cut-over.ipynb"),
                settings.stateDir(), params);
    }
}
