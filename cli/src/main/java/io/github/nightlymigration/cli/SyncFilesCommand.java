package io.github.nightlymigration.cli;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.engine.RunFolders;
import io.github.nightlymigration.files.FileNameEncoding;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sync-files}: on the machine with the files, from the verified export only (no database):
 * reorganise into request-based keys and upload what the bucket lacks (runs notebook 03 headless).
 */
@Command(name = "sync-files", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Uploads the attachment files of an ID export to S3-compatible storage, once (runs notebooks/03-files-to-s3.ipynb).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file is in the bucket (missing files on disk are reported, not fatal)",
            "1:some uploads failed; rerun to complete", "65:the export fails its manifest (edited, truncated, incomplete)",
            "78:files root, bucket, credentials or endpoint unusable"})
public final class SyncFilesCommand implements Callable<Integer>, Watched {
    @Option(names = "--export-dir", paramLabel = "DIR", description = "the ID export to read (default: $MIGRATOR_EXPORT_DIR or <state dir>/export)")
    Path exportDir;

    @Mixin FilesOptions files;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "upload ledger and run folders (default: $MIGRATOR_STATE_DIR or ./state)")
    Path stateDir;

    @Option(names = "--stage-dir", paramLabel = "DIR", description = "also lay out a local tree mirroring the target keys (hard links) for inspection")
    Path stageDir;

    @Option(names = "--dry-run", description = "list what would be uploaded; upload nothing")
    boolean dryRun;

    @Option(names = "--notebook", paramLabel = "FILE", description = "the notebook to run (default: notebooks/03-files-to-s3.ipynb)")
    Path notebook;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return Commands.line(new SyncFilesCommand()).execute(args);
    }

    @Override
    public String watchedAs() {
        return dryRun ? null : "sync-files";
    }

    @Override
    public Map<String, String> environment() {
        return System.getenv();
    }

    @Override
    public Path stateDir() {
        return stateDir != null ? stateDir : Path.of(environment().getOrDefault("MIGRATOR_STATE_DIR", "state"));
    }

    @Override
    public Integer call() {
        Map<String, String> env = environment();
        Path state = stateDir();
        Path export = exportDir != null ? exportDir
                : Path.of(env.getOrDefault("MIGRATOR_EXPORT_DIR", state.resolve("export").toString()));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("stateDir", state.toAbsolutePath().toString());
        params.put("exportDir", export.toAbsolutePath().toString());
        files.putParameters(params);
        params.put("stageDir", stageDir == null ? "" : stageDir.toAbsolutePath().toString());
        params.put("dryRun", Boolean.toString(dryRun));
        // Started without scripts/jbang's UTF-8 locale (a bare java or jbang line in a crontab): say so once at
        // the top of the log, since every name outside ASCII will then be reported as unsafe.
        FileNameEncoding.problem().ifPresent(p -> System.err.println("sync-files: warning: " + p
                + "; until then every file name outside ASCII is reported as unsafe and not uploaded"));
        if (!dryRun) { // on the files host no migration runs to make room for the nights after it
            RunFolders.prune(state, MigratorSettings.keepRunDays(env), Instant.now(), null)
                    .ifPresent(n -> System.err.println("sync-files: " + n));
        }
        return NotebookStep.run(notebook != null ? notebook : ProjectFiles.notebook("03-files-to-s3.ipynb"), state, params);
    }
}
