package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.support.ChildProcess;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlapping runs on one state directory, each in its own JVM as cron and a notebook would be. */
class ConcurrentRunsFaultTest {
    @TempDir Path state;

    @Test
    void twoMigrationsStartedTogetherOneRunsTheOtherExits75() throws Exception {
        Map<String, String> env = FaultFixture.env(FaultFixture.generatedLegacy(0.05), TestDatabases.target(), state);
        try (ChildProcess a = ChildProcess.start(env, "run"); ChildProcess b = ChildProcess.start(env, "run")) {
            int exitA = a.waitFor(120);
            int exitB = b.waitFor(120);
            List<Integer> codes = Stream.of(exitA, exitB).sorted().toList();
            assertEquals(List.of(0, 75), codes, "A: " + a.stderr() + " B: " + b.stderr());
            ChildProcess loser = exitA == 75 ? a : b;
            assertTrue(loser.stderr().contains("another run holds the lock") && loser.stderr().contains("migration by "),
                    loser.stderr());
            assertTrue(loser.stdout().stream().noneMatch(l -> l.startsWith("progress ")), "the loser read nothing");
            ReliabilityRecord.passed("concurrency-two-runs", "Two migrations started together",
                    "two child JVMs started at the same moment on one state dir (scale 0.05, a run of seconds)",
                    "exit codes; the loser's message names the holder; the loser printed no progress",
                    "exit codes " + codes + "; loser said: " + loser.stderr().strip());
        }
    }

    @Test
    void aNotebookHoldingTheLockBlocksCronUntilItDies() throws Exception {
        String newUrl = TestDatabases.target();
        Map<String, String> env = FaultFixture.env(FaultFixture.generatedLegacy(0.01), newUrl, state);
        try (Connection c = TestDatabases.connect(newUrl)) {
            Map<String, String> before = TableChecksums.of(FaultFixture.db(c));
            String blocked;
            try (ChildProcess notebook = ChildProcess.start(Map.of(), "hold-lock", state.toString())) {
                assertTrue(notebook.awaitLine("locked"::equals, 60_000), notebook.stderr());
                try (ChildProcess cron = ChildProcess.start(env, "run")) {
                    assertEquals(75, cron.waitFor(60), cron.stderr());
                    blocked = cron.stderr().strip();
                    assertTrue(blocked.contains("notebook session by "), blocked);
                }
                assertEquals(before, TableChecksums.of(FaultFixture.db(c)), "the blocked run wrote nothing");
                notebook.kill(); // the holder dies without releasing anything itself
            }
            try (ChildProcess cron = ChildProcess.start(env, "run")) {
                assertEquals(0, cron.waitFor(120), cron.stderr());
            }
            ReliabilityRecord.passed("concurrency-notebook-lock", "A notebook session holds the lock; then dies",
                    "a JVM takes the run lock as a notebook session does; a cron run starts; the holder gets SIGKILL",
                    "cron run exits 75 naming the holder, new database unchanged; after the kill the next run exits 0",
                    "blocked with: " + blocked + "; after SIGKILL of the holder the lock was free and the run published");
        }
    }
}
