package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.engine.RunLock;
import io.github.nightlymigration.engine.RunStoppedException;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.runbook.Inspection;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The operator's Kernel > Interrupt, as the kernels deliver it: an interrupt of the thread running the cell, from
 * another thread, once while rows are read and once while the keys and indexes build (a statement running in the
 * server). Each time the run stops within seconds, says so, records "stopped"/"interrupted", has released the lock
 * before it tells its progress how it ended, and leaves the new database and the translator as the good night left
 * them; the run history lists the stopped runs apart and never compares them as nights; the next run publishes.
 */
class InterruptDuringMigrationFaultTest {
    @TempDir Path state;

    @Test
    void anInterruptedRunStopsCleanlyAndSaysSo() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.02);
        String newUrl = TestDatabases.target();
        MigratorSettings settings = MigratorSettings.fromMap(FaultFixture.env(oldUrl, newUrl, state));
        Migration.run(settings, Progress.NONE);
        try (Connection targetC = TestDatabases.connect(newUrl)) {
            DSLContext target = FaultFixture.db(targetC);
            Map<String, String> published = TableChecksums.of(target);
            byte[] translator = Files.readAllBytes(MigrationRun.translatorFile(state));
            List<String> results = new ArrayList<>();
            for (String step : List.of("comments", "keys, indexes, foreign keys")) {
                Watched watched = new Watched(step);
                CompletableFuture<Throwable> run = new CompletableFuture<>();
                Thread cell = new Thread(() -> {
                    try {
                        Migration.run(settings, watched);
                        run.complete(null);
                    } catch (Throwable e) {
                        run.complete(e);
                    }
                }, "notebook-cell");
                cell.start();
                assertTrue(watched.reached.await(120, TimeUnit.SECONDS), "the run reached " + step);
                long interrupted = System.nanoTime();
                cell.interrupt();
                Throwable outcome = run.get(30, TimeUnit.SECONDS);
                long stopMillis = (System.nanoTime() - interrupted) / 1_000_000;

                assertTrue(outcome instanceof RunStoppedException, "stopped, not failed: " + outcome);
                assertEquals(RunStoppedException.MESSAGE, outcome.getMessage());
                assertEquals(Progress.Ending.STOPPED, watched.how);
                assertNull(watched.lockHolderAtEnd, "the lock is released before the board hears the end");
                assertTrue(stopMillis < 10_000, "stopped in " + stopMillis + " ms");
                Path report = newestRunFolder().resolve("report.json");
                String json = Files.readString(report);
                assertTrue(json.contains("\"status\" : \"stopped\"") && json.contains("\"error\" : \"interrupted\""), json);
                assertEquals(published, TableChecksums.of(target), "new tables as the good night left them");
                assertArrayEquals(translator, Files.readAllBytes(MigrationRun.translatorFile(state)));
                results.add(step + ": stopped in " + stopMillis + " ms");
            }

            Table nights = Inspection.runHistory(state);
            assertEquals(1, nights.rowCount(), nights.print());
            assertEquals("published", nights.stringColumn("status").get(0));
            Table others = Inspection.otherRuns(state);
            assertEquals(2, others.rowCount(), others.print());
            for (int i = 0; i < 2; i++) {
                assertEquals("stopped", others.stringColumn("status").get(i));
                assertEquals("interrupted", others.stringColumn("reason").get(i));
            }
            RunReport next = Migration.run(settings, Progress.NONE);
            assertEquals(RunReport.Status.SUCCEEDED, next.status());
            Table after = Inspection.runHistory(state);
            assertEquals(2, after.rowCount());
            assertTrue(after.booleanColumn("dropped").asList().stream().noneMatch(b -> b), after.print());
            ReliabilityRecord.passed("kill-interrupt", "Kernel > Interrupt during a run",
                    "the cell's thread interrupted from another thread while comments were read, then while the keys"
                            + " and indexes were built",
                    "the run throws \"" + RunStoppedException.MESSAGE + "\" within 10 s; report.json says stopped,"
                            + " interrupted; lock free before the progress hears the end; new tables (checksums) and"
                            + " translator bytes unchanged; the history lists both apart from the nights; the next run publishes",
                    String.join("; ", results));
        }
    }

    private Path newestRunFolder() throws Exception {
        try (var folders = Files.list(state.resolve("runs"))) {
            return folders.max(Path::compareTo).orElseThrow();
        }
    }

    /** Progress that says when the run reaches a step, and what it was told at the end. */
    private final class Watched implements Progress {
        final String step;
        final CountDownLatch reached = new CountDownLatch(1);
        volatile Ending how;
        volatile String lockHolderAtEnd = "not ended";

        Watched(String step) {
            this.step = step;
        }

        @Override
        public void update(String step, long done, long total) {
            if (step.equals(this.step)) reached.countDown();
        }

        @Override
        public void ended(Ending how, String message) {
            this.how = how;
            lockHolderAtEnd = CompletableFuture.supplyAsync(() -> RunLock.holder(state)).join();
        }
    }
}
