package io.github.nightlymigration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Months of nights: a night removes the run folders older than MIGRATOR_KEEP_RUN_DAYS, says so in its report, and keeps
 * the last published night's whatever its age (the guards compare with it); a dry run removes nothing.
 */
class RunFolderRetentionTest {
    @TempDir Path state;

    @Test
    void aNightRemovesOldRunFoldersButNeverTheLastPublishedOne() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        Map<String, String> env = FaultFixture.env(oldUrl, TestDatabases.target(), state);
        env.put("MIGRATOR_KEEP_RUN_DAYS", "30");
        MigratorSettings settings = MigratorSettings.fromMap(env);
        RunReport first = Migration.run(settings, Progress.NONE);
        // That night was long ago, and nights that failed since then left their folders behind.
        Path published = Files.move(first.runFolder(), state.resolve("runs/20250101T000002Z"));
        Path failed = Files.createDirectories(state.resolve("runs/20250102T000002Z"));
        Files.writeString(failed.resolve(RunReport.REJECTS_FILE), "table,old_id,reason\n");

        RunReport dry = Migration.dryRun(settings, Progress.NONE);
        assertTrue(Files.isDirectory(failed), "a dry run removes nothing");
        assertFalse(dry.noticed().stream().anyMatch(n -> n.startsWith("run folders")), dry.noticed().toString());

        RunReport second = Migration.run(settings, Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, second.status());
        assertFalse(Files.exists(failed));
        assertTrue(Files.isDirectory(published), "the last published night's folder stays: the shrink guard compares with it");
        assertTrue(second.noticed().contains("run folders older than 30 days (MIGRATOR_KEEP_RUN_DAYS): removed 1, 20250102T000002Z"),
                second.noticed().toString());
        assertTrue(Files.readString(second.runFolder().resolve("report.json")).contains("removed 1, 20250102T000002Z"));

        Migration.run(settings, Progress.NONE);
        assertFalse(Files.exists(published), "once a newer night is published, the old one goes too");
        assertTrue(Files.isDirectory(second.runFolder()));
    }
}
