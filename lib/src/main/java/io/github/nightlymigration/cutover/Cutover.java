package io.github.nightlymigration.cutover;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.engine.Databases;
import io.github.nightlymigration.export.AtomicFiles;
import io.github.nightlymigration.export.IdExport;
import io.github.nightlymigration.files.FileSync;
import io.github.nightlymigration.files.SyncReport;
import io.github.nightlymigration.files.SyncSettings;
import io.github.nightlymigration.report.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last night: the old app has stopped writing, the final migration, ID export and file sync run, everything
 * is validated, and only then is the new database marked live ({@link LiveMark}). Each step is a method, so
 * notebook 05 walks through them one cell at a time; {@link #run} does them all for {@code scripts/jbang cutover}.
 * Marking live is the last step and one commit: a cut-over killed anywhere before it left none, after it a whole one.
 */
public final class Cutover {
    public static final String REPORT_FILE = "cutover-report.json";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final MigratorSettings settings;
    private final SyncSettings files;
    private final Path exportDir;
    private WriteWatch.Look quiet;
    private RunReport run;
    private SyncReport sync;
    private FinalValidation validation;

    private Cutover(MigratorSettings settings, SyncSettings files, Path exportDir) {
        this.settings = settings;
        this.files = files;
        this.exportDir = exportDir;
    }

    /**
     * @param files null when the files are synced on another machine (the attachment check is then skipped)
     * @throws MigratorException exit 5 when the new database is live already
     */
    public static Cutover prepare(MigratorSettings settings, SyncSettings files) {
        settings.validated();
        try (Connection target = Databases.openTarget(settings)) {
            LiveMark.refuseIfLive(target, settings.stateDir());
        } catch (SQLException e) {
            throw MigratorException.configuration("new database: " + e.getMessage());
        }
        return new Cutover(settings, files, IdExport.defaultDirectory(settings));
    }

    /** All steps, as cron's {@code scripts/jbang cutover} runs them; {@code step} hears each step's name first. */
    public static LiveMark.Mark run(MigratorSettings settings, SyncSettings files, Duration interval, Progress progress,
            Consumer<String> step) {
        Cutover cutover = prepare(settings, files);
        step.accept("old app stopped?");
        cutover.requireOldAppStopped(interval);
        step.accept("final migration");
        cutover.finalMigration(progress);
        step.accept("id export");
        cutover.exportIds();
        if (files != null) {
            step.accept("file sync");
            cutover.syncFiles();
        }
        step.accept("validation");
        cutover.validate();
        step.accept("mark live");
        return cutover.markLive();
    }

    /** Two looks at the old tables' write counters {@code interval} apart; refuses (exit 6) while it still writes. */
    public String requireOldAppStopped(Duration interval) {
        try (Connection old = Databases.openLegacySnapshot(settings)) {
            old.setAutoCommit(true); // each look a transaction of its own: fresh statistics
            quiet = WriteWatch.requireQuiet(old, interval);
            return "the old app wrote nothing to the six tables in " + interval.toSeconds() + " s";
        } catch (SQLException e) {
            throw MigratorException.configuration("old database: cannot read its write counters: " + e.getMessage());
        }
    }

    /** The nightly migration once more, with the shrink and change guards as every night. */
    public RunReport finalMigration(Progress progress) {
        require(quiet != null, "check that the old app stopped writing first");
        run = Migration.run(settings, progress);
        return run;
    }

    public Path exportIds() {
        require(run != null, "run the final migration first");
        IdExport.export(settings, exportDir);
        return exportDir;
    }

    public SyncReport syncFiles() {
        require(run != null && files != null, files == null ? "no files configured" : "run the final migration first");
        sync = FileSync.to(files, settings.stateDir()).run(exportDir);
        sync.writeJson(run.runFolder());
        if (sync.hasFailures()) {
            throw new MigratorException(MigratorException.CUTOVER_REFUSED, "refused: " + sync.failed().size()
                    + " files failed to upload (" + run.runFolder().resolve(SyncReport.FILE_NAME) + "); run the cut-over"
                    + " again to complete them. Nothing was marked live");
        }
        return sync;
    }

    /** Counts, sequences, references and files; and the old app must still be quiet. Refuses (exit 6) on a problem. */
    public FinalValidation validate() {
        require(run != null, "run the final migration first");
        try (Connection old = Databases.openLegacySnapshot(settings); Connection target = Databases.openTarget(settings)) {
            validation = FinalValidation.of(old, target, run, exportDir, files);
            old.rollback();
            target.rollback();
            old.setAutoCommit(true);
            WriteWatch.refuseChanges(quiet.changesUntil(WriteWatch.look(old)), "since the first look");
        } catch (SQLException | IOException e) {
            throw new MigratorException(MigratorException.CUTOVER_REFUSED, "refused: the final validation could not"
                    + " run: " + e.getMessage() + ". Nothing was marked live", e);
        }
        writeReport(null);
        if (!validation.passed()) {
            throw new MigratorException(MigratorException.CUTOVER_REFUSED, "refused: the final validation found "
                    + String.join("; ", validation.problems()) + ". Nothing was marked live; report: "
                    + run.runFolder().resolve(REPORT_FILE));
        }
        return validation;
    }

    /** The commit that makes the new database live; then the state directory's copy. */
    public LiveMark.Mark markLive() {
        require(validation != null && validation.passed(), "validate first");
        try (Connection target = Databases.openTarget(settings)) {
            String database = Databases.currentDatabase(target);
            LiveMark.Mark mark = new LiveMark.Mark(database, Instant.now().truncatedTo(ChronoUnit.MICROS), run.runFolder().getFileName().toString(),
                    summary());
            LiveMark.write(target, mark);
            target.commit();
            LiveMark.mirror(settings.stateDir(), mark);
            writeReport(mark);
            return mark;
        } catch (SQLException e) {
            throw new MigratorException(MigratorException.CUTOVER_REFUSED, "refused: could not mark the new database"
                    + " live (the role needs CREATE on the database for schema " + LiveMark.SCHEMA + "): "
                    + e.getMessage() + ". Nothing was marked live", e);
        }
    }

    /**
     * The way back after a rehearsal: removes the mark, so {@code migrate} runs against the database again. The
     * database's name must be typed out, so no copied cron line can do it by accident.
     */
    public static String undo(MigratorSettings settings, String confirmDatabase) {
        settings.validated();
        try (Connection target = Databases.openTarget(settings)) {
            String database = Databases.currentDatabase(target);
            if (!database.equals(confirmDatabase)) {
                throw MigratorException.configuration("--undo removes the live mark of database " + database
                        + " only when told its name: --yes-i-know " + database + " (got "
                        + (confirmDatabase == null ? "nothing" : "'" + confirmDatabase + "'") + ")");
            }
            var mark = LiveMark.read(target);
            boolean removed = LiveMark.remove(target);
            target.commit();
            Path aside = LiveMark.retireState(settings.stateDir());
            if (!removed && aside == null) return "database " + database + " was not marked live; nothing to undo";
            return "database " + database + " is no longer marked live" + mark.map(m -> " (was: " + m.describe() + ")")
                    .orElse("") + (aside == null ? "" : "; the state directory's record moved to " + aside)
                    + ". The next migrate overwrites it again";
        } catch (SQLException | IOException e) {
            throw MigratorException.configuration("could not undo the cut-over: " + e.getMessage());
        }
    }

    public RunReport report() {
        return run;
    }

    public FinalValidation validation() {
        return validation;
    }

    private String summary() {
        return String.format("final run %s: %,d old rows read, %,d new rows; ids exported to %s; %s; %s",
                run.runFolder().getFileName(), run.rowsRead(),
                run.writtenByNewTable().values().stream().mapToLong(Long::longValue).sum(), exportDir,
                sync == null ? "files synced elsewhere" : String.format("files: %,d uploaded, %,d already there",
                        sync.uploaded(), sync.skippedUnchanged()),
                String.join("; ", validation.checked()));
    }

    private void writeReport(LiveMark.Mark mark) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("live", mark != null);
        m.put("live_since", mark == null ? null : mark.liveSince().toString());
        m.put("database", mark == null ? null : mark.database());
        m.put("final_run", run.runFolder().getFileName().toString());
        m.put("export_dir", exportDir.toAbsolutePath().toString());
        m.put("checked", validation.checked());
        m.put("problems", validation.problems());
        m.put("files_lost_by_the_old_app", validation.lostFiles());
        m.put("unsafe_paths", validation.unsafePaths());
        AtomicFiles.writeString(run.runFolder().resolve(REPORT_FILE), JSON.writeValueAsString(m));
    }

    private static void require(boolean ready, String what) {
        if (!ready) throw new IllegalStateException("cut-over steps run in order: " + what);
    }
}
