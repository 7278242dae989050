package io.github.nightlymigration.engine;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.changes.ChangeSet;
import io.github.nightlymigration.changes.ChangeSetQuery;
import io.github.nightlymigration.changes.ExampleSources;
import io.github.nightlymigration.cutover.LiveMark;
import io.github.nightlymigration.guard.ChangeGuard;
import io.github.nightlymigration.guard.ShrinkGuard;
import io.github.nightlymigration.guard.PublishMark;
import io.github.nightlymigration.guard.PublishRefusedException;
import io.github.nightlymigration.guard.StaleSourceGuard;
import io.github.nightlymigration.guard.TranslatorFit;
import io.github.nightlymigration.report.RunHistory;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.rules.Directory;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.rules.RuleContext;
import io.github.nightlymigration.schema.SchemaCheck;
import io.github.nightlymigration.newapp.AppWrites;
import io.github.nightlymigration.newapp.TargetTables;
import io.github.nightlymigration.translate.FirstStamps;
import io.github.nightlymigration.translate.IdTranslator;
import io.github.nightlymigration.translate.TranslatorDamagedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jooq.Table;

/**
 * One nightly run: lock, preflight (which also chooses how to publish), read the legacy snapshot,
 * apply the plan's rules, COPY into tonight's tables, build their keys, advance sequences, check
 * the accounting identity, compare tonight's tables with the live ones row by row (the change set),
 * let the shrink and change guards judge, save the translator, publish. Tonight's tables are staged in the
 * migrator's own schema and swapped in by one short transaction, or, where preflight finds that a
 * swap would break something, loaded in place in one transaction. Either way a failure before the
 * publish commits leaves the new database exactly as the previous successful run left it.
 */
public final class MigrationRun {
    static {
        // jOOQ prints a banner and "tips" on first use: noise in an operator's cron log.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final MigratorSettings settings;
    private final Progress progress;
    /** Preflight's notices for the report: the two apps' own changes, carried. */
    private final List<String> noticed = new ArrayList<>();
    /** The last publish's transaction, after which a live row is the new app's; empty before the first publish. */
    private OptionalLong publishedIn = OptionalLong.empty();
    /** The published run whose tables tonight's are compared with; empty on a first run. Preflight reads it. */
    private Optional<RunHistory.Published> lastPublished = Optional.empty();

    public MigrationRun(MigratorSettings settings, Progress progress) {
        this.settings = settings.validated();
        this.progress = progress;
    }

    public static Path translatorFile(Path stateDir) {
        return stateDir.resolve("translator.db");
    }

    /**
     * Runs and commits ({@code dryRun}: does everything, then rolls back and keeps the translator as it was);
     * the progress hears how it ended once the lock is released.
     */
    public RunReport execute(boolean dryRun) {
        try {
            RunReport report = locked(dryRun);
            progress.ended(dryRun ? Progress.Ending.FINISHED : Progress.Ending.PUBLISHED,
                    dryRun ? "dry run: rolled back, nothing published" : "published: tonight's tables are live");
            return report;
        } catch (RuntimeException | Error e) {
            progress.ended(RunEnding.of(e), RunEnding.message(e));
            throw e;
        }
    }

    private RunReport locked(boolean dryRun) {
        Path state = settings.stateDir();
        try (RunLock lock = RunLock.acquire(state, dryRun ? "dry run" : "migration");
                Connection old = Databases.openLegacySnapshot(settings);
                Connection target = Databases.openTarget(settings)) {
            long started = System.nanoTime();
            try (TargetLoad into = preflight(old, target); IdTranslator ids = openTranslator(target);
                    OperatorStop stop = OperatorStop.watchCurrentThread(() -> {
                        Databases.cancelRunningStatement(old);
                        into.cancelRunningStatements();
                    })) {
                return run(old, into, ids, stop, dryRun, Duration.ofNanos(System.nanoTime() - started));
            }
        } catch (SQLException e) {
            throw new MigratorException(MigratorException.RUN_FAILED, "database error: " + describe(e), e);
        }
    }

    private RunReport run(Connection old, TargetLoad into, IdTranslator ids, OperatorStop stop, boolean dryRun,
            Duration preflight) throws SQLException {
        Path state = settings.stateDir();
        Instant started = Instant.now();
        Path runFolder = settings.runDir() != null ? RunFolders.existing(settings.runDir()) : RunFolders.create(state, started);
        RunReport report = new RunReport(runFolder, started,
                MigrationPlan.oldTables().stream().map(Table::getName).toList());
        report.phase("preflight", preflight); // before the run's own clock: both schemas checked, translator opened
        report.publishing(into.describe());
        noticed.forEach(report::noted);
        report.legacyEncoding(Databases.encoding(old));
        boolean published = false;
        boolean ended = false; // without an exception of its own
        try {
            if (!dryRun) { // a night makes room for the nights after it; a dry run changes nothing
                RunFolders.prune(state, settings.keepRunDays(), started, runFolder).ifPresent(report::noted);
            }
            // Before the load, so that a night on a source that stopped moving costs one query.
            StaleSourceGuard.check(old, settings.sourceMaxAge(), report, !dryRun);
            FirstStamps stamps = FirstStamps.open(state);
            migrate(old, into, ids, stamps, stop, report);
            ChangeSet changes = changes(into, report);
            report.changes(changes);
            if (changes.wasCompared()) AppWrites.notice(changes.byNewApp()).ifPresent(report::noted);
            // A run that succeeds on the wrong input (an empty replica) must not publish: compared with last night.
            ShrinkGuard.check(settings.shrink(), state, report, !dryRun);
            // Nor one that rewrites most of a table (a bulk edit upstream, a rule edit gone wrong).
            ChangeGuard.check(settings.changes(), report, !dryRun);
            stop.check(); // the last moment a stop leaves everything as it was
            if (dryRun) {
                into.abandon();
                report.finish(RunReport.Status.DRY_RUN, null);
            } else {
                // About to publish: tonight's tables are loaded, keyed and balanced; the live ones are untouched.
                // Translator first: a crash between the two leaves extra ids, never missing ones.
                progress.update("publish", 0, 1, "translator, then swap");
                long t0 = System.nanoTime();
                ids.save(); // writes only the ids handed out tonight (and the identity), nothing on a night without new ones
                stamps.save();
                report.phase("translator", Duration.ofNanos(System.nanoTime() - t0));
                t0 = System.nanoTime();
                into.publish(c -> PublishMark.write(c, ids.identity())).forEach(report::noted);
                published = true;
                progress.update("publish", 1, 1, "");
                report.phase("publish", Duration.ofNanos(System.nanoTime() - t0));
                report.finish(RunReport.Status.SUCCEEDED, null);
            }
            ended = true;
            return report;
        } catch (RuntimeException | SQLException | IOException | Error e) {
            // Once the operator asked, whatever broke was the stop's doing (a statement cancelled for it, a file channel
            // the JDK closed on the interrupted thread), not a refusal, damage or a failure. Asked first: it clears the
            // interrupt before the cleanup meets a file.
            boolean stopped = stop.handled() || RunEnding.isThreadStop(e);
            into.abandon();
            if (stopped) {
                report.finish(RunReport.Status.STOPPED, RunEnding.INTERRUPTED);
                throw e instanceof RunStoppedException asked ? asked : new RunStoppedException();
            }
            if (e instanceof PublishRefusedException refused) {
                report.finish(RunReport.Status.REFUSED, e.getMessage());
                throw refused;
            }
            if (e instanceof TranslatorDamagedException damaged) {
                report.finish(RunReport.Status.FAILED, e.getMessage());
                throw damaged; // found while merging: still exit 3 and the restore hint
            }
            if (e instanceof Error error) {
                report.finish(RunReport.Status.FAILED, describe(e));
                throw error;
            }
            String message = describe(e);
            report.finish(RunReport.Status.FAILED, message);
            throw new MigratorException(MigratorException.RUN_FAILED, "migration failed, nothing was published "
                    + "(the new database is as the previous run left it): " + message + "; report: "
                    + report.runFolder(), e);
        } finally {
            rollback(old); // quietly: if the old side is gone, that is not the error to report
            closeReport(report, published, ended); // after finish(): report.json records the outcome
        }
    }

    /**
     * Writes report.json and rejects.csv. Once the night is published a failure here (a full disk) cannot
     * make it a failed night: it gets its own exit code, and the message says the night is live. A run
     * that failed already keeps its own error (which names the run folder).
     */
    private static void closeReport(RunReport report, boolean published, boolean ended) {
        try {
            report.close();
        } catch (RuntimeException e) {
            if (!published && !ended) return;
            if (!published) throw e;
            throw new MigratorException(MigratorException.PUBLISHED_NOT_RECORDED, "the night IS published (new database"
                    + " and translator updated), but its report could not be written: " + describe(e) + "; free the"
                    + " space, then run export-ids (the run history lacks this night)", e);
        }
    }

    /**
     * What tonight changes, row by row: tonight's tables against the live ones, in PostgreSQL, before the publish.
     * Not compared on the first run, nor when the run publishes in place (the report says so).
     */
    private ChangeSet changes(TargetLoad into, RunReport report) throws SQLException {
        if (changesOff()) return ChangeSet.notCompared("not compared (-Dmigrator.changes=off)");
        if (lastPublished.isEmpty()) return ChangeSet.notCompared("first run: no published run to compare with");
        long t0 = System.nanoTime();
        ChangeSet changes = into.compare(new ChangeSetQuery(MigrationPlan.newTables(),
                new ExampleSources(translatorFile(settings.stateDir())), publishedIn), lastPublished.get().folder());
        report.phase("changes", Duration.ofNanos(System.nanoTime() - t0));
        return changes;
    }

    private TargetLoad preflight(Connection old, Connection target) throws SQLException {
        // First: after the cut-over the new app owns the data, and its schema may well have moved on.
        LiveMark.refuseIfLive(target, settings.stateDir());
        noticed.addAll(SchemaCheck.legacy(old, MigrationPlan.oldTables()));
        noticed.addAll(SchemaCheck.target(target, MigrationPlan.newTables()));
        TargetLoad into = TargetLoad.choose(target, settings);
        // The rows the new app wrote since the last publish, which tonight's data replaces: the report counts them.
        // The change set reads every live row anyway and counts them in that pass (a scan of every table saved, about 2 s
        // at scale 10); a run that will make none (in place their rows are gone after the load) counts them now.
        publishedIn = PublishMark.read(target).map(m -> OptionalLong.of(m.transaction())).orElse(OptionalLong.empty());
        lastPublished = RunHistory.lastPublished(settings.stateDir(), settings.runDir()); // tonight's folder: none yet
        boolean inChangeSet = into.comparesWithLive() && !changesOff() && lastPublished.isPresent();
        if (publishedIn.isPresent() && !inChangeSet) {
            AppWrites.since(target, MigrationPlan.newTables(), publishedIn.getAsLong()).ifPresent(noticed::add);
        }
        return into;
    }

    /** Only the benchmark switches the change set off, to measure what it costs. */
    private static boolean changesOff() {
        return "off".equals(System.getProperty("migrator.changes"));
    }

    /**
     * A missing translator is only normal on the first run: if the new database already holds
     * migrated rows, starting empty would give every record a new id (and every file a new key).
     */
    private IdTranslator openTranslator(Connection target) throws SQLException {
        Path file = translatorFile(settings.stateDir());
        if (!Files.exists(file) && TargetTables.anyRows(target, MigrationPlan.newTables())) {
            throw new MigratorException(MigratorException.TRANSLATOR, "translator " + file.toAbsolutePath()
                    + " is missing but the new database already holds migrated rows; starting empty would re-key"
                    + " every record. Restore it from the last ID export: scripts/jbang migrate --restore-translator"
                    + " <export dir> (or empty the new database to start over on purpose)");
        }
        IdTranslator ids = IdTranslator.open(file);
        try {
            TranslatorFit.require(target, ids, file); // a valid translator of another database would re-key its rows
        } catch (RuntimeException | SQLException e) {
            ids.close();
            throw e;
        }
        target.rollback(); // end the read-only look at the new database before the run's own transaction
        return ids;
    }

    private void migrate(Connection old, TargetLoad into, IdTranslator ids, FirstStamps stamps, OperatorStop stop,
            RunReport report)
            throws SQLException, IOException {
        LocalDateTime runStart = LocalDateTime.ofInstant(report.startedAt(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        RuleContext ctx = new RuleContext(ids, new Directory(), report, runStart, stamps);
        long t0 = System.nanoTime();
        Connection target = into.prepare();
        report.phase("prepare", Duration.ofNanos(System.nanoTime() - t0));
        StepRun steps = new StepRun(old, target, ctx, stop, report, progress, settings.fetchSize(), into.copiesFrozen());
        for (Step<?> step : MigrationPlan.STEPS) {
            long started = System.nanoTime();
            steps.run(step);
            report.phase(step.oldTable().getName(), Duration.ofNanos(System.nanoTime() - started));
        }
        t0 = System.nanoTime();
        stop.check();
        into.buildIndexes(progress);
        report.phase("indexes", Duration.ofNanos(System.nanoTime() - t0));
        t0 = System.nanoTime();
        Map<Table<?>, Long> highWater = new LinkedHashMap<>();
        MigrationPlan.BIGINT_IDS.forEach((table, kind) -> highWater.put(table, ids.highWater(kind)));
        TargetTables.advanceSequences(target, highWater);
        report.phase("sequences", Duration.ofNanos(System.nanoTime() - t0));
        t0 = System.nanoTime();
        into.validate();
        report.phase("validate", Duration.ofNanos(System.nanoTime() - t0));
        if (!report.balanced()) {
            throw new IllegalStateException("accounting identity broken (read != written + merged + rejected): "
                    + report.accounts().stream().filter(a -> !a.balanced()).map(a -> a.table()).toList());
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection may be gone; the server rolls back an unfinished transaction itself
        }
    }

    static String describe(Throwable e) {
        Throwable root = e;
        Throwable ours = null; // our UncheckedIOException names the file; its cause ("No space left on device") does not
        while (root.getCause() != null && root.getCause() != root && !(root instanceof SQLException)) {
            if (ours == null && root instanceof java.io.UncheckedIOException) ours = root;
            root = root.getCause();
        }
        Throwable told = root instanceof SQLException || ours == null ? root : ours;
        String message = told.getMessage() == null ? told.getClass().getSimpleName() : told.getMessage();
        return Databases.firstLine(message);
    }
}
