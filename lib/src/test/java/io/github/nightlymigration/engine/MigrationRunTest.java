package io.github.nightlymigration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.report.TableAccount;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationRunTest {
    @TempDir Path state;

    @Test
    void generatedDataMigratesWithTheIdentityHolding() throws Exception {
        String oldUrl = TestDatabases.legacy();
        try (Connection c = TestDatabases.connect(oldUrl)) {
            new LegacyDataGenerator(0.01, 7, Progress.NONE).fill(c);
        }
        MigratorSettings settings = TestDatabases.settings(oldUrl, TestDatabases.target(), state);
        RunReport report = Migration.run(settings, Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, report.status());
        assertTrue(report.balanced());
        for (TableAccount a : report.accounts()) assertTrue(a.read() > 0, a.table());
        // where the time went, for report.json: every phase, each old table's step by its name
        List<String> phases = new ArrayList<>(List.of("preflight", "prepare", "indexes", "sequences", "validate", "translator", "publish"));
        report.accounts().forEach(account -> phases.add(account.table()));
        assertTrue(report.phaseMillis().keySet().containsAll(phases), report.phaseMillis().toString());
    }
}
