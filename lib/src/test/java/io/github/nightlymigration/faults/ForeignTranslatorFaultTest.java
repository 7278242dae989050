package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A valid translator that does not belong to the new database (another installation's, an old backup) is
 * refused before anything is written; a wiped new database with its own translator is rebuilt with the same ids.
 */
class ForeignTranslatorFaultTest {
    @TempDir Path state;
    @TempDir Path elsewhere;
    @TempDir Path backup;

    private static MigratorSettings settings(String oldUrl, String newUrl, Path state) {
        return MigratorSettings.fromMap(FaultFixture.env(oldUrl, newUrl, state));
    }

    @Test
    void anotherInstallationsTranslatorIsRefused() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        String otherNewUrl = TestDatabases.target();
        Migration.run(settings(oldUrl, newUrl, state), Progress.NONE);
        Migration.run(settings(oldUrl, otherNewUrl, elsewhere), Progress.NONE); // same data, its own random uuids
        try (Connection t = TestDatabases.connect(newUrl)) {
            DSLContext target = FaultFixture.db(t);
            Map<String, String> before = TableChecksums.of(target);
            Files.copy(MigrationRun.translatorFile(elsewhere), MigrationRun.translatorFile(state),
                    StandardCopyOption.REPLACE_EXISTING);
            MigratorException e = assertThrows(MigratorException.class,
                    () -> Migration.run(settings(oldUrl, newUrl, state), Progress.NONE));
            assertEquals(MigratorException.TRANSLATOR, e.exitCode(), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            for (String w : new String[] {"does not belong to this new database", "the database was last published with"
                    + " installation", "--restore-translator"}) {
                assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
            }
            assertEquals(before, TableChecksums.of(target));
            ReliabilityRecord.passed("guard-foreign-translator", "Another installation's translator",
                    "the translator of a second new database, built from the same legacy data, copied into the state dir",
                    "exit 3 before anything is written, naming both installations (recorded in the translator and in the"
                            + " new database at each publish) and --restore-translator; checksums of every new table unchanged",
                    "exit " + e.exitCode() + ": " + e.getMessage());
        }
    }

    @Test
    void anOldBackupIsRefusedAndAWipedDatabaseIsRebuiltWithTheSameIds() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        Migration.run(settings(oldUrl, newUrl, state), Progress.NONE);
        Path saved = Files.copy(MigrationRun.translatorFile(state), backup.resolve("translator.db"));
        try (Connection o = TestDatabases.connect(oldUrl); Connection t = TestDatabases.connect(newUrl)) {
            DSLContext legacy = FaultFixture.db(o);
            DSLContext target = FaultFixture.db(t);
            legacy.execute("INSERT INTO users (id, email, first_name, last_name, role, created_at, updated_at) "
                    + "SELECT 100000 + g, 'later' || g || '@example.org', 'L', 'Ater', 'Basic', now(), now() "
                    + "FROM generate_series(1, 5) g");
            legacy.execute("INSERT INTO organizations (id, name, created_at, updated_at) VALUES (9999, 'later', now(), now())");
            Migration.run(settings(oldUrl, newUrl, state), Progress.NONE);
            Map<String, String> ids = FaultFixture.idFingerprints(target);
            Map<String, String> before = TableChecksums.of(target);
            Path current = Files.copy(MigrationRun.translatorFile(state), backup.resolve("current.db"));
            Files.copy(saved, MigrationRun.translatorFile(state), StandardCopyOption.REPLACE_EXISTING);
            MigratorException e = assertThrows(MigratorException.class,
                    () -> Migration.run(settings(oldUrl, newUrl, state), Progress.NONE));
            assertEquals(MigratorException.TRANSLATOR, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("it is save 1 of its installation, the database was last published with"
                    + " save 2"), e.getMessage());
            assertEquals(before, TableChecksums.of(target));

            // The right translator back, and the new database wiped: rebuilt, every row under its old id.
            Files.copy(current, MigrationRun.translatorFile(state), StandardCopyOption.REPLACE_EXISTING);
            target.execute("TRUNCATE " + String.join(", ", MigrationPlan.newTables().stream()
                    .map(tb -> DSL.name(tb.getName()).toString()).toList()));
            Migration.run(settings(oldUrl, newUrl, state), Progress.NONE);
            assertEquals(ids, FaultFixture.idFingerprints(target));
            ReliabilityRecord.passed("guard-old-backup-translator", "An old backup of the translator; then a wiped database",
                    "the translator saved after night 1 put back after night 2 (5 users and a group added in between);"
                            + " then the current translator back and every new table truncated",
                    "exit 3 naming the translator's save and the save the database was last published with, new tables unchanged; "
                            + "the wiped database is rebuilt with the same ids (id fingerprints of every table equal)",
                    "exit " + e.exitCode() + ": " + e.getMessage() + "; wiped database rebuilt with identical ids");
        }
    }

    /**
     * A database published before publish records existed (the first night after an upgrade) is checked by its rows
     * once, as before; then the record is written, and from the next night on the new app's rows no longer matter.
     */
    @Test
    void theFirstNightAfterAnUpgradeChecksTheRowsOnceThenRecordsTheIdentity() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        Migration.run(settings(oldUrl, newUrl, state), Progress.NONE);
        try (Connection t = TestDatabases.connect(newUrl)) {
            DSLContext target = FaultFixture.db(t);
            target.execute("DROP TABLE nightly_migrator.published"); // as an older version left it
            target.execute("INSERT INTO groups (name, inserted_at, updated_at) VALUES ('testers', now(), now())");
            MigratorException e = assertThrows(MigratorException.class,
                    () -> Migration.run(settings(oldUrl, newUrl, state), Progress.NONE));
            assertEquals(MigratorException.TRANSLATOR, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("groups holds ids up to"), e.getMessage());

            target.execute("DELETE FROM groups WHERE name = 'testers'");
            Migration.run(settings(oldUrl, newUrl, state), Progress.NONE);
            assertEquals(1, target.fetchCount(DSL.table("nightly_migrator.published")));
            target.execute("INSERT INTO groups (name, inserted_at, updated_at) VALUES ('testers', now(), now())");
            var report = Migration.run(settings(oldUrl, newUrl, state), Progress.NONE);
            assertTrue(String.join("; ", report.noticed()).contains("groups 1"), report.noticed().toString());
            assertEquals(0, target.fetchCount(DSL.table("groups"), DSL.field("name").eq("testers")));
        }
    }
}
