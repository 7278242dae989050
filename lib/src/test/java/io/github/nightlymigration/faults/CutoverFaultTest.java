package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.cutover.Cutover;
import io.github.nightlymigration.cutover.FinalValidation;
import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.demo.PaperclipTreeWriter;
import io.github.nightlymigration.files.S3Clients;
import io.github.nightlymigration.files.SyncSettings;
import io.github.nightlymigration.cutover.LiveMark;
import io.github.nightlymigration.export.IdExport;
import io.github.nightlymigration.runbook.Inspection;
import io.github.nightlymigration.support.ChildProcess;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import software.amazon.awssdk.services.s3.S3Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cut-over night: refused while the old app writes; after it, migrate refuses the live database whatever
 * state directory it gets and leaves it untouched, export-ids and inspect keep working, and --undo is the
 * deliberate way back; a kill anywhere in it leaves no cut-over or a whole one.
 */
class CutoverFaultTest {
    @TempDir Path state;
    @TempDir Path otherState;

    private static MigratorSettings settings(String oldUrl, String newUrl, Path state) {
        return MigratorSettings.fromMap(FaultFixture.env(oldUrl, newUrl, state));
    }

    @Test
    void refusedWhileTheOldAppWrites() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        Migration.run(settings(oldUrl, newUrl, state), Progress.NONE);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread oldApp = new Thread(() -> {
            try (Connection c = TestDatabases.connect(oldUrl)) {
                DSLContext db = FaultFixture.db(c);
                while (writing.get()) {
                    db.execute("UPDATE comments SET updated_at = now() WHERE id = (SELECT min(id) FROM comments)");
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "old-app");
        oldApp.start();
        try (Connection t = TestDatabases.connect(newUrl)) {
            Map<String, String> before = TableChecksums.of(FaultFixture.db(t));
            MigratorException e = assertThrows(MigratorException.class, () -> Cutover.run(settings(oldUrl, newUrl, state),
                    null, Duration.ofSeconds(3), Progress.NONE, s -> { }));
            assertEquals(MigratorException.CUTOVER_REFUSED, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("the old app still writes: comments ("), e.getMessage());
            assertTrue(e.getMessage().contains("updated"), e.getMessage());
            assertEquals(before, TableChecksums.of(FaultFixture.db(t)));
            assertTrue(LiveMark.read(t).isEmpty());
            assertFalse(Files.exists(state.resolve(LiveMark.STATE_FILE)));
            ReliabilityRecord.passed("cutover-old-app-writes", "Cut-over while the old app still writes",
                    "a session updates one legacy comment every 100 ms; cut-over with a 3 s quiet interval",
                    "exit 6 naming the table and what moved; no live mark in the database or the state dir; new tables"
                            + " unchanged", "exit " + e.exitCode() + ": " + e.getMessage());
        } finally {
            writing.set(false);
            oldApp.join();
        }
    }

    @Test
    void afterTheCutoverMigrateRefusesAndUndoIsTheWayBack() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        Migration.run(settings(oldUrl, newUrl, state), Progress.NONE);
        LiveMark.Mark mark = Cutover.run(settings(oldUrl, newUrl, state), null, Duration.ofSeconds(1), Progress.NONE, s -> { });
        assertTrue(Files.exists(state.resolve(LiveMark.STATE_FILE)));
        try (Connection t = TestDatabases.connect(newUrl)) {
            DSLContext target = FaultFixture.db(t);
            Map<String, String> live = TableChecksums.of(target);
            List<String> refusals = new ArrayList<>();
            for (Path dir : List.of(state, otherState)) { // its own state dir, and one that never saw a cut-over
                for (boolean dry : new boolean[] {false, true}) {
                    MigratorException e = assertThrows(MigratorException.class, () -> {
                        if (dry) Migration.dryRun(settings(oldUrl, newUrl, dir), Progress.NONE);
                        else Migration.run(settings(oldUrl, newUrl, dir), Progress.NONE);
                    });
                    assertEquals(MigratorException.DATABASE_LIVE, e.exitCode(), e.getMessage());
                    assertTrue(e.getMessage().contains("is live since " + mark.liveSince()), e.getMessage());
                    refusals.add(e.getMessage());
                }
            }
            assertEquals(live, TableChecksums.of(target), "the live database's tables are untouched");
            assertTrue(Files.exists(otherState.resolve(LiveMark.STATE_FILE)), "the other state dir learnt of it");
            // export-ids and inspect keep working against a live database.
            Path export = otherState.resolve("export");
            assertTrue(IdExport.export(settings(oldUrl, newUrl, state), export).files().size() > 5);
            assertTrue(new Inspection(settings(oldUrl, newUrl, state)).newQuery("SELECT status, count(*) FROM requests GROUP BY status").rowCount() > 0);

            MigratorException wrongName = assertThrows(MigratorException.class,
                    () -> Cutover.undo(settings(oldUrl, newUrl, state), "queue"));
            assertEquals(MigratorException.CONFIGURATION, wrongName.exitCode());
            assertTrue(LiveMark.read(t).isPresent());
            String undone = Cutover.undo(settings(oldUrl, newUrl, state), mark.database());
            assertTrue(undone.contains("no longer marked live"), undone);
            assertTrue(LiveMark.read(t).isEmpty());
            Files.deleteIfExists(otherState.resolve(LiveMark.STATE_FILE)); // that copy is retired with undo there
            assertEquals(io.github.nightlymigration.report.RunReport.Status.SUCCEEDED,
                    Migration.run(settings(oldUrl, newUrl, state), Progress.NONE).status());
            ReliabilityRecord.passed("cutover-live-refuses", "Migrate after the cut-over",
                    "migrate and dry run against the cut-over database, with its state dir and with a fresh one",
                    "exit 5 'the database is live since ...' all four times; checksums of every new table unchanged;"
                            + " export-ids and inspect work; --undo needs the database's name, then migrate runs again",
                    "exit 5: " + refusals.get(3) + "; undo: " + undone);
        }
    }

    @Test
    void everyFileOnDiskMustBeInTheBucketAndLostFilesAreListed(@TempDir Path dir) throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        Path root = dir.resolve("app");
        PaperclipTreeWriter.Result tree;
        try (Connection o = TestDatabases.connect(oldUrl)) {
            tree = PaperclipTreeWriter.write(o, root, 7);
        }
        try (LocalS3Server server = LocalS3Server.start(dir.resolve("store"))) {
            server.createBucket("attachments");
            Map<String, String> env = new HashMap<>(server.clientEnv("attachments"));
            env.put("MIGRATOR_FILES_ROOT", root.toString());
            SyncSettings files = SyncSettings.fromEnv(env);
            Cutover cutover = Cutover.prepare(settings(oldUrl, newUrl, state), files);
            cutover.requireOldAppStopped(Duration.ofSeconds(1));
            cutover.finalMigration(Progress.NONE);
            cutover.exportIds();
            cutover.syncFiles();
            String gone;
            try (S3Client s3 = S3Clients.client(files)) {
                gone = s3.listObjectsV2(b -> b.bucket("attachments")).contents().get(0).key();
                s3.deleteObject(b -> b.bucket("attachments").key(gone));
            }
            MigratorException e = assertThrows(MigratorException.class, cutover::validate);
            assertEquals(MigratorException.CUTOVER_REFUSED, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("1 attachments not in bucket attachments") && e.getMessage().contains(gone),
                    e.getMessage());
            try (Connection t = TestDatabases.connect(newUrl)) {
                assertTrue(LiveMark.read(t).isEmpty(), "not marked live");
            }
            cutover.syncFiles(); // puts the file back
            FinalValidation validation = cutover.validate();
            assertEquals(tree.missing(), validation.lostFiles().size(), validation.lostFiles().toString());
            LiveMark.Mark mark = cutover.markLive();
            String report = Files.readString(cutover.report().runFolder().resolve(Cutover.REPORT_FILE));
            assertTrue(report.contains("files_lost_by_the_old_app") && report.contains("\"live\" : true"), report);
            ReliabilityRecord.passed("cutover-files", "Cut-over validation of the files",
                    "a generated Paperclip tree (" + tree.written() + " files, " + tree.missing() + " rows whose file the"
                            + " old app lost); after the sync one object deleted from the bucket",
                    "validation refuses (exit 6) naming the missing object, nothing marked live; after a re-sync it passes,"
                            + " the lost files are listed in cutover-report.json, not refused",
                    "exit " + e.exitCode() + ": " + e.getMessage() + "; then: " + String.join("; ", validation.checked())
                            + "; " + mark.describe());
        }
    }

    @Test
    void aKillDuringTheCutoverLeavesNoneOrAWholeOne() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        Migration.run(settings(oldUrl, newUrl, state), Progress.NONE);
        Map<String, String> env = FaultFixture.env(oldUrl, newUrl, state);
        Random random = new Random(20261202L);
        List<String> outcomes = new ArrayList<>();
        String[] killAfter = {"cutover old app stopped?", "cutover final migration", "progress comments", "cutover id export",
            "cutover validation", "cutover mark live", "cutover mark live", "cut over"};
        try (Connection t = TestDatabases.connect(newUrl)) {
            for (String point : killAfter) {
                try (ChildProcess child = ChildProcess.start(env, "cutover", "300")) {
                    child.awaitLine(l -> l.startsWith(point), 60_000);
                    Thread.sleep(random.nextInt(40));
                    child.kill();
                }
                boolean marked = LiveMark.read(t).isPresent();
                    if (marked) {
                    // A whole cut-over: the database refuses migrate, and the state dir's copy is (re)written from it.
                    MigratorException e = assertThrows(MigratorException.class,
                            () -> Migration.run(settings(oldUrl, newUrl, state), Progress.NONE));
                    assertEquals(MigratorException.DATABASE_LIVE, e.exitCode());
                    assertTrue(Files.exists(state.resolve(LiveMark.STATE_FILE)));
                    outcomes.add(point + ": whole cut-over");
                    Cutover.undo(settings(oldUrl, newUrl, state), LiveMark.readState(state).orElseThrow().database());
                } else {
                    assertFalse(Files.exists(state.resolve(LiveMark.STATE_FILE)), "no mark, no record: " + point);
                    outcomes.add(point + ": none");
                }
                }
        }
        assertTrue(outcomes.stream().anyMatch(o -> o.endsWith("none")), outcomes.toString());
        assertTrue(outcomes.stream().anyMatch(o -> o.endsWith("whole cut-over")), outcomes.toString());
        ReliabilityRecord.passed("cutover-kill", "Kill -9 during the cut-over (child JVM)",
                killAfter.length + " SIGKILLs, after each step's first line plus 0-40 ms jitter (seed 20261202)",
                "after each: either no live mark and no cut-over record, or a mark (migrate refuses, exit 5) and the"
                        + " state dir's record (rewritten from the database if the kill came between the two)",
                String.join("; ", outcomes));
    }
}
