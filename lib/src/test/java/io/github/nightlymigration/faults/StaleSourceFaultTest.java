package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.guard.StaleSourceRefusedException;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.runbook.Inspection;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * A source that stopped moving must not be published as tonight's data: on generated data whose newest row is years
 * old, MIGRATOR_SOURCE_MAX_AGE=1h refuses with exit 4 before anything is loaded and a generous limit publishes; the
 * report (and so the dry run and notebook 01) shows the source's age with or without a limit.
 */
class StaleSourceFaultTest extends MigrationFixture {
    @BeforeEach
    void goodNight() {
        legacy.connection(c -> new LegacyDataGenerator(0.005, 20261125L, Progress.NONE).fill(c));
        migrate();
    }

    private MigratorSettings settings(String maxAge) {
        Map<String, String> env = FaultFixture.env(oldUrl, newUrl, state);
        if (maxAge != null) env.put("MIGRATOR_SOURCE_MAX_AGE", maxAge);
        return MigratorSettings.fromMap(env);
    }

    /** The newest created_at/updated_at of the six tables, computed here independently of the guard. */
    private LocalDateTime newestRow() {
        LocalDateTime newest = null;
        for (String table : new String[] {"users", "organizations", "assignments", "orders", "comments", "notifications"}) {
            for (String column : new String[] {"created_at", "updated_at"}) {
                LocalDateTime t = legacy.fetchOne("SELECT max(" + column + ") FROM " + table).get(0, LocalDateTime.class);
                if (t != null && (newest == null || t.isAfter(newest))) newest = t;
            }
        }
        return newest;
    }

    @Test
    void yearsOldSourceIsRefusedBeforeTheLoadAndAGenerousLimitPublishes() throws Exception {
        LocalDateTime newest = newestRow();
        assertTrue(newest.isBefore(LocalDateTime.now().minusYears(1)), "precondition: the newest row is years old: " + newest);
        Map<String, String> tables = TableChecksums.of(target);
        byte[] translator = Files.readAllBytes(MigrationRun.translatorFile(state));

        MigratorException e = assertThrows(StaleSourceRefusedException.class, () -> Migration.run(settings("1h"), Progress.NONE));
        assertEquals(MigratorException.SHRINK_REFUSED, e.exitCode(), "exit 4");
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        String newestText = newest.toString().substring(0, 16); // 2019-12-31T23:59, as the message's UTC instant starts
        for (String w : new String[] {"newest write " + newestText, "_at", "MIGRATOR_SOURCE_MAX_AGE=1h", "Nothing was published"}) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
        assertEquals(tables, TableChecksums.of(target), "new tables unchanged");
        assertArrayEquals(translator, Files.readAllBytes(MigrationRun.translatorFile(state)), "translator unchanged");
        Table history = Inspection.runHistory(state);
        assertEquals("refused", history.stringColumn("status").get(history.rowCount() - 1));
        Path refusedFolder = Files.list(state.resolve("runs")).sorted().reduce((a, b) -> b).orElseThrow();
        String json = Files.readString(refusedFolder.resolve("report.json"));
        assertTrue(json.contains("\"rows_read\" : 0"), "refused before anything was read: " + json);

        RunReport dry = Migration.dryRun(settings("1h"), Progress.NONE);
        assertEquals(RunReport.Status.DRY_RUN, dry.status(), "the dry run reports, it does not refuse");
        assertTrue(dry.toString().contains("source: newest write " + newestText), dry.toString());

        RunReport published = Migration.run(settings("100000h"), Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, published.status());
        assertTrue(published.toString().contains("source: newest write " + newestText), published.toString());
        ReliabilityRecord.passed("guard-stale-source", "Legacy data that stopped moving (MIGRATOR_SOURCE_MAX_AGE)",
                "MIGRATOR_SOURCE_MAX_AGE=1h on generated data whose newest created_at/updated_at is " + newest,
                "exit 4 before the load, one line naming the newest write and its column; new tables (checksums) and"
                        + " translator bytes unchanged; the dry run only reports the age; 100000h publishes",
                "exit " + e.exitCode() + ": " + e.getMessage());
    }

    @Test
    void withoutALimitTheAgeIsReportedAndANewRowMakesTheSourceYoung() throws Exception {
        legacy.execute("UPDATE comments SET updated_at = (now() AT TIME ZONE 'UTC') - interval '10 minutes' WHERE id = "
                + "(SELECT min(id) FROM comments)");
        RunReport report = Migration.run(settings("1h"), Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, report.status());
        assertEquals("comments.updated_at", report.source().foundIn());
        assertTrue(report.source().age().toMinutes() >= 9 && report.source().age().toMinutes() <= 11, report.source().describe());
        assertTrue(report.toString().contains("(10m old), comments.updated_at"), report.toString());
        assertNull(settings(null).sourceMaxAge(), "off by default");
    }
}
