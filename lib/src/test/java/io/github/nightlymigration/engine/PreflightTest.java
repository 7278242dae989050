package io.github.nightlymigration.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.PasswordRoles;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import io.github.nightlymigration.support.Trees;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each configuration or schema problem: one clear line, exit code 2 (or 3, 75), nothing written. */
class PreflightTest extends MigrationFixture {

    private MigratorException failure(MigratorSettings settings) {
        return assertThrows(MigratorException.class, () -> Migration.run(settings, Progress.NONE));
    }

    private void assertNothingWritten(MigratorException e, int exitCode, String... words) throws Exception {
        assertEquals(exitCode, e.exitCode(), e.getMessage());
        for (String w : words) assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(Files.exists(state.resolve("translator.db")));
        assertFalse(Files.exists(state.resolve("runs")), "no run folder before preflight passes");
    }

    @Test
    void missingUrlIsNamed() throws Exception {
        MigratorSettings s = TestDatabases.settings(null, newUrl, state);
        MigratorException e = assertThrows(MigratorException.class, () -> Migration.run(s, Progress.NONE));
        assertEquals(MigratorException.CONFIGURATION, e.exitCode());
        assertTrue(e.getMessage().startsWith("MIGRATOR_OLD_URL is not set"), e.getMessage());
    }

    @Test
    void unreachableDatabaseIsNamedWithoutItsPassword() throws Exception {
        MigratorException e = failure(TestDatabases.settings(
                "jdbc:postgresql://127.0.0.1:1/nowhere?password=s3cret-value", newUrl, state));
        assertNothingWritten(e, MigratorException.CONFIGURATION, "cannot connect to the old database", "password=***");
        assertFalse(e.getMessage().contains("s3cret-value"));
    }

    @Test
    void legacySchemaMissingAColumnIsNamed() throws Exception {
        legacy.execute("ALTER TABLE orders DROP COLUMN subscriptions");
        assertNothingWritten(failure(settings()), MigratorException.CONFIGURATION,
                "legacy database schema", "orders has no column subscriptions");
    }

    @Test
    void aFailingPreflightIsReportedBeforeADamagedTranslatorWhichIsKept() throws Exception {
        insert(user(1));
        migrate();
        byte[] damaged = new byte[4096];
        Files.write(state.resolve("translator.db"), damaged);
        legacy.execute("ALTER TABLE orders DROP COLUMN subscriptions");
        MigratorException e = failure(settings());
        assertEquals(MigratorException.CONFIGURATION, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("orders has no column subscriptions"), e.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(state.resolve("translator.db")));
    }

    @Test
    void newSchemaWithoutTheUniqueLowerEmailIndexIsRefused() throws Exception {
        target.execute("DROP INDEX users_lower_email_index");
        assertNothingWritten(failure(settings()), MigratorException.CONFIGURATION,
                "new database schema", "users lacks unique index users_lower_email_index (lower(email))");
        target.execute("CREATE INDEX users_lower_email_index ON users (lower(email))");
        assertNothingWritten(failure(settings()), MigratorException.CONFIGURATION,
                "users lacks unique index users_lower_email_index");
    }

    @Test
    void newSchemaMissingAConstraintIsNamedAndNothingIsTouched() throws Exception {
        insert(user(1));
        migrate();
        Files.delete(state.resolve("translator.db"));
        Trees.delete(state.resolve("runs"));
        Map<String, String> before = TableChecksums.of(target);
        target.execute("ALTER TABLE memberships DROP CONSTRAINT memberships_user_id_group_id_key");
        assertNothingWritten(failure(settings()), MigratorException.CONFIGURATION,
                "new database schema", "memberships lacks constraint memberships_user_id_group_id_key");
        assertEquals(before, TableChecksums.of(target));
    }

    @Test
    void newSchemaWithADifferentColumnTypeIsNamed() throws Exception {
        target.execute("ALTER TABLE requests ALTER COLUMN title TYPE varchar(50)");
        assertNothingWritten(failure(settings()), MigratorException.CONFIGURATION, "requests.title is varchar");
    }

    @Test
    void newSideUserWithEveryPrivilegeButNotTheOwnerIsRefused() throws Exception {
        String role = PasswordRoles.plain("not_owner");
        target.execute("GRANT USAGE ON SCHEMA public TO " + role);
        target.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role);
        target.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role);
        assertTrue(newUrl.contains("user=postgres"), newUrl);
        MigratorSettings asRole = TestDatabases.settings(oldUrl, newUrl.replace("user=postgres", "user=" + role), state);
        assertNothingWritten(failure(asRole), MigratorException.CONFIGURATION,
                "new database schema", "does not own groups (owner postgres");
    }

    @Test
    void readOnlyNewDatabaseIsRefused() throws Exception {
        String db = newUrl.substring(newUrl.lastIndexOf('/') + 1, newUrl.indexOf('?') > 0 ? newUrl.indexOf('?') : newUrl.length());
        target.execute("ALTER DATABASE " + db + " SET default_transaction_read_only = on");
        assertNothingWritten(failure(settings()), MigratorException.CONFIGURATION, "read-only");
    }

    @Test
    void missingTranslatorWithPublishedDataIsRefused() throws Exception {
        insert(user(1));
        migrate();
        Files.delete(state.resolve("translator.db"));
        MigratorException e = failure(settings());
        assertEquals(MigratorException.TRANSLATOR, e.exitCode());
        assertTrue(e.getMessage().contains("--restore-translator"), e.getMessage());
    }

    @Test
    void secondRunWhileTheLockIsHeldExits75NamingTheHolder() {
        try (RunLock held = RunLock.acquire(state, "notebook session")) {
            MigratorException e = failure(settings());
            assertEquals(MigratorException.LOCKED, e.exitCode());
            assertTrue(e.getMessage().contains("notebook session by "), e.getMessage());
        }
        insert(user(1));
        assertEquals(1, migrate().account("users").written(), "the lock is free again once released");
    }
}
