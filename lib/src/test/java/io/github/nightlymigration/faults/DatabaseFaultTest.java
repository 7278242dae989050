package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.schema.SchemaDdl;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that disappears or refuses mid-run: a clear one-line error, exit code 1, and the new
 * database exactly as the previous successful run left it. The server that goes away is a
 * dedicated embedded PostgreSQL, stopped from the run's own progress callback (mid-table).
 */
class DatabaseFaultTest {
    @TempDir Path state;
    @TempDir Path dataDir;

    private static String legacyOn(EmbeddedPostgresServer server) throws Exception {
        String url = server.createDatabase("creativeq");
        try (Connection c = TestDatabases.connect(url)) {
            SchemaDdl.LEGACY.apply(c);
            new LegacyDataGenerator(0.03, 1L, Progress.NONE).fill(c);
        }
        return url;
    }

    private static Progress stopWhen(String table, AtomicBoolean stopped, Runnable stop) {
        return (step, done, total) -> {
            if (step.equals(table) && done > 0 && done < total && stopped.compareAndSet(false, true)) stop.run();
        };
    }

    private void assertRunFailed(MigratorException e, String... words) {
        assertEquals(MigratorException.RUN_FAILED, e.exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String w : words) assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
    }

    @Test
    void oldDatabaseGoingAwayMidRunFailsAndPublishesNothing() throws Exception {
        String newUrl = TestDatabases.target();
        AtomicBoolean stopped = new AtomicBoolean();
        try (EmbeddedPostgresServer oldServer = EmbeddedPostgresServer.start();
                Connection t = TestDatabases.connect(newUrl)) {
            MigratorSettings settings = TestDatabases.settings(legacyOn(oldServer), newUrl, state);
            Migration.run(settings, Progress.NONE);
            Map<String, String> published = TableChecksums.of(FaultFixture.db(t));
            MigratorException e = assertThrows(MigratorException.class,
                    () -> Migration.run(settings, stopWhen("comments", stopped, oldServer::close)));
            assertTrue(stopped.get());
            assertRunFailed(e, "nothing was published");
            assertEquals(published, TableChecksums.of(FaultFixture.db(t)));
            ReliabilityRecord.passed("db-old-gone", "Old database goes away mid-run",
                    "the legacy server is stopped (pg_ctl stop -m fast) while comments are being read",
                    "exit code 1, one-line message, checksum of every new table unchanged",
                    "exit 1: " + e.getMessage());
        }
    }

    @Test
    void newDatabaseGoingAwayMidRunFailsAndPublishesNothing() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.03);
        AtomicBoolean stopped = new AtomicBoolean();
        Map<String, String> published;
        MigratorException e;
        try (EmbeddedPostgresServer newServer = EmbeddedPostgresServer.start(dataDir)) {
            String newUrl = newServer.createDatabase("queue");
            try (Connection c = TestDatabases.connect(newUrl)) {
                SchemaDdl.TARGET.apply(c);
            }
            MigratorSettings settings = TestDatabases.settings(oldUrl, newUrl, state);
            Migration.run(settings, Progress.NONE);
            try (Connection c = TestDatabases.connect(newUrl)) {
                published = TableChecksums.of(FaultFixture.db(c));
            }
            e = assertThrows(MigratorException.class,
                    () -> Migration.run(settings, stopWhen("comments", stopped, newServer::close)));
        }
        assertTrue(stopped.get());
        assertRunFailed(e);
        // The same data directory, started again: what the server made durable is the previous run.
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir);
                Connection c = TestDatabases.connect(again.jdbcUrl("queue"))) {
            assertEquals(published, TableChecksums.of(FaultFixture.db(c)));
        }
        ReliabilityRecord.passed("db-new-gone", "New database goes away mid-run",
                "the new side's server is stopped while comments are being copied into it; then restarted on its data directory",
                "exit code 1, one-line message; after restart the checksum of every new table equals the previous run's",
                "exit 1: " + e.getMessage());
    }

    @Test
    void lockConflictOnTheNewSideFailsAfterTheLockTimeout() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.01);
        String newUrl = TestDatabases.target();
        Map<String, String> env = FaultFixture.env(oldUrl, newUrl, state);
        env.put("MIGRATOR_LOCK_TIMEOUT", "1s");
        MigratorSettings settings = MigratorSettings.fromMap(env);
        Migration.run(settings, Progress.NONE);
        try (Connection t = TestDatabases.connect(newUrl); Connection app = TestDatabases.connect(newUrl)) {
            Map<String, String> published = TableChecksums.of(FaultFixture.db(t));
            app.setAutoCommit(false); // the new app holding a table lock, e.g. a long report
            app.createStatement().execute("LOCK TABLE notifications IN ACCESS SHARE MODE");
            MigratorException e = assertThrows(MigratorException.class, () -> Migration.run(settings, Progress.NONE));
            app.rollback();
            assertRunFailed(e, "lock timeout");
            assertEquals(published, TableChecksums.of(FaultFixture.db(t)));
            ReliabilityRecord.passed("db-lock-conflict", "Lock conflict on the new side",
                    "another session holds ACCESS SHARE on notifications; MIGRATOR_LOCK_TIMEOUT=1s",
                    "exit code 1, message names the lock timeout, new tables unchanged", "exit 1: " + e.getMessage());
        }
    }

    @Test
    void statementTimeoutOnTheNewSideFailsAndPublishesNothing() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.01);
        String newUrl = TestDatabases.target();
        MigratorSettings settings = TestDatabases.settings(oldUrl, newUrl, state);
        Migration.run(settings, Progress.NONE);
        try (Connection t = TestDatabases.connect(newUrl)) {
            var db = FaultFixture.db(t);
            Map<String, String> published = TableChecksums.of(db);
            // The last table's COPY stalls (a statement trigger sleeps) past the database's statement_timeout.
            db.execute("CREATE FUNCTION test_stall() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN PERFORM pg_sleep(5); RETURN NULL; END $$");
            db.execute("CREATE TRIGGER test_stall BEFORE INSERT ON notifications FOR EACH STATEMENT EXECUTE FUNCTION test_stall()");
            db.execute("ALTER DATABASE " + newUrl.substring(newUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "")
                    + " SET statement_timeout = '1s'");
            MigratorException e = assertThrows(MigratorException.class, () -> Migration.run(settings, Progress.NONE));
            assertRunFailed(e, "statement timeout");
            assertEquals(published, TableChecksums.of(db));
            assertTrue(Files.exists(state.resolve("translator.db")));
            ReliabilityRecord.passed("db-statement-timeout", "Statement timeout on the new side",
                    "statement_timeout=1s on the new database and a 5 s stall in the last table's COPY",
                    "exit code 1, message names the timeout, new tables unchanged", "exit 1: " + e.getMessage());
        }
    }
}
