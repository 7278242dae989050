package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.export.AttachmentCsv;
import io.github.nightlymigration.export.ExportManifest;
import io.github.nightlymigration.files.FileSync;
import io.github.nightlymigration.files.SyncSettings;
import io.github.nightlymigration.files.SyncSetupException;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.PasswordRoles;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each configuration mistake after a good night: one line naming it, the documented exit code,
 * and nothing written (new tables, translator bytes and run folders all as before).
 */
class BadConfigurationFaultTest {
    @TempDir Path state;
    @TempDir Path scratch;

    /** Runs a good night, breaks something, and checks the next run is refused without a trace. */
    private void refused(String id, String scenario, String injected, Consumer<Map<String, String>> breakEnv,
            Consumer<DSLContext[]> breakDatabases, int exitCode, String... words) throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        Map<String, String> env = FaultFixture.env(oldUrl, newUrl, state);
        Migration.run(MigratorSettings.fromMap(env), Progress.NONE);
        try (Connection o = TestDatabases.connect(oldUrl); Connection t = TestDatabases.connect(newUrl)) {
            DSLContext target = FaultFixture.db(t);
            Map<String, String> tables = TableChecksums.of(target);
            byte[] translator = Files.readAllBytes(MigrationRun.translatorFile(state));
            List<Path> runs = runFolders();
            breakDatabases.accept(new DSLContext[] {FaultFixture.db(o), target});
            breakEnv.accept(env);
            MigratorException e = assertThrows(MigratorException.class,
                    () -> Migration.run(MigratorSettings.fromMap(env), Progress.NONE));
            assertEquals(exitCode, e.exitCode(), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            for (String w : words) assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
            assertEquals(tables, TableChecksums.of(target));
            assertArrayEquals(translator, Files.readAllBytes(MigrationRun.translatorFile(state)));
            assertEquals(runs, runFolders(), "no run folder for a refused run");
            ReliabilityRecord.passed(id, scenario, injected,
                    "exit code " + exitCode + ", one line naming it; new tables, translator bytes and run folders unchanged",
                    "exit " + e.exitCode() + ": " + e.getMessage());
        }
    }

    private List<Path> runFolders() throws Exception {
        if (!Files.isDirectory(state.resolve("runs"))) return List.of();
        try (Stream<Path> s = Files.list(state.resolve("runs"))) {
            return s.sorted().toList();
        }
    }

    private static final Consumer<DSLContext[]> NO_CHANGE = dbs -> { };

    @Test
    void wrongDatabaseInTheUrl() throws Exception {
        refused("config-wrong-url", "Wrong URL", "MIGRATOR_OLD_URL names a database that does not exist",
                env -> env.put("MIGRATOR_OLD_URL", env.get("MIGRATOR_OLD_URL").replaceAll("/legacy_\\d+", "/no_such_db")),
                NO_CHANGE, MigratorException.CONFIGURATION, "cannot connect to the old database", "no_such_db");
    }

    @Test
    void wrongPassword() throws Exception {
        String role = PasswordRoles.withPassword("right-Pa55word-0001");
        refused("config-wrong-password", "Wrong password",
                "a role that authenticates by scram-sha-256 (pg_hba.conf line for it), MIGRATOR_NEW_PASSWORD wrong",
                env -> {
                    // The test URLs carry user=postgres, and PgJDBC lets URL parameters win over properties.
                    env.put("MIGRATOR_NEW_URL", env.get("MIGRATOR_NEW_URL").replaceAll("[?&]user=[^&]*", ""));
                    env.put("MIGRATOR_NEW_USER", role);
                    env.put("MIGRATOR_NEW_PASSWORD", "wrong-Pa55word-0002");
                }, NO_CHANGE, MigratorException.CONFIGURATION, "cannot connect to the new database", "password authentication failed");
    }

    @Test
    void readOnlyNewDatabase() throws Exception {
        refused("config-read-only", "Read-only new database", "ALTER DATABASE ... SET default_transaction_read_only = on",
                env -> { }, dbs -> dbs[1].execute("ALTER DATABASE " + dbs[1].fetchOne("SELECT current_database()").get(0)
                        + " SET default_transaction_read_only = on"),
                MigratorException.CONFIGURATION, "read-only");
    }

    @Test
    void stateDirThatCannotBeCreated() throws Exception {
        // Tests run as root, where file permissions do not stop writes: a path under a regular file cannot be a directory.
        Path blocker = Files.writeString(scratch.resolve("not-a-dir"), "x");
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        try (Connection t = TestDatabases.connect(newUrl)) {
            Map<String, String> before = TableChecksums.of(FaultFixture.db(t));
            MigratorException e = assertThrows(MigratorException.class, () -> Migration.run(
                    MigratorSettings.fromMap(FaultFixture.env(oldUrl, newUrl, blocker.resolve("state"))), Progress.NONE));
            assertEquals(MigratorException.CONFIGURATION, e.exitCode(), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().contains("cannot use the state directory"), e.getMessage());
            assertEquals(before, TableChecksums.of(FaultFixture.db(t)));
            ReliabilityRecord.passed("config-state-dir", "Unwritable state dir",
                    "MIGRATOR_STATE_DIR under a regular file (root ignores permission bits, so chmod cannot make it unwritable)",
                    "exit code 2, one line naming the directory; new tables unchanged", "exit 2: " + e.getMessage());
        }
    }

    @Test
    void legacySchemaMissingAColumn() throws Exception {
        refused("config-legacy-column", "Legacy schema missing a column", "ALTER TABLE orders DROP COLUMN subscriptions (legacy)",
                env -> { }, dbs -> dbs[0].execute("ALTER TABLE orders DROP COLUMN subscriptions"),
                MigratorException.CONFIGURATION, "orders has no column subscriptions");
    }

    @Test
    void newSchemaMissingAConstraint() throws Exception {
        refused("config-new-constraint", "New schema missing a constraint",
                "ALTER TABLE memberships DROP CONSTRAINT memberships_user_id_group_id_key (new)",
                env -> { }, dbs -> dbs[1].execute("ALTER TABLE memberships DROP CONSTRAINT memberships_user_id_group_id_key"),
                MigratorException.CONFIGURATION, "memberships lacks constraint memberships_user_id_group_id_key");
    }

    @Test
    void missingBucket() throws Exception {
        Path root = Files.createDirectories(scratch.resolve("app"));
        Path export = Files.createDirectories(scratch.resolve("export"));
        AttachmentCsv.write(export.resolve(AttachmentCsv.FILE_NAME), List.of());
        ExportManifest.write(export, List.of(AttachmentCsv.FILE_NAME));
        try (LocalS3Server server = LocalS3Server.start(scratch.resolve("store"))) {
            Map<String, String> env = new HashMap<>(server.clientEnv("no-such-bucket"));
            env.put("MIGRATOR_FILES_ROOT", root.toString());
            SyncSetupException e = assertThrows(SyncSetupException.class,
                    () -> FileSync.to(SyncSettings.fromEnv(env), state).run(export));
            assertEquals(78, e.exitCode());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().contains("bucket 'no-such-bucket' does not exist"), e.getMessage());
            assertFalse(e.getMessage().contains(LocalS3Server.SECRET_KEY), e.getMessage());
            try (Stream<Path> s = Files.list(state)) {
                assertEquals(List.of(), s.toList(), "nothing in the state dir");
            } catch (java.nio.file.NoSuchFileException nothing) {
                // not even created: fine
            }
            ReliabilityRecord.passed("config-missing-bucket", "Missing bucket", "MIGRATOR_S3_BUCKET names a bucket the server lacks",
                    "SyncSetupException, exit code 78, one line without the secret key; nothing in the state dir",
                    "exit 78: " + e.getMessage());
        }
    }
}
