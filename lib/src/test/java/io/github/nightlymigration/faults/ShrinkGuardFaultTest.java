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
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.report.NightOverNight;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.runbook.Inspection;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.GeneratedNightFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * A run that succeeds on the wrong input must not publish: after a good night, an empty source and half a table
 * gone are refused with exit 4 and nothing written; --accept-shrink publishes them on purpose; churn and growth
 * publish without a word; the dry run shows the same comparison.
 */
class ShrinkGuardFaultTest extends GeneratedNightFixture {
    @BeforeEach
    void goodNight() throws Exception {
        RunReport first = Migration.run(settings(oldUrl), Progress.NONE);
        assertTrue(first.nightOverNight().firstRun(), "the first run says it had nothing to compare with");
        assertTrue(first.toString().contains("first run"), first.toString());
    }

    private MigratorSettings settings(String legacyUrl) {
        return MigratorSettings.fromMap(FaultFixture.env(legacyUrl, newUrl, state));
    }

    /** Refused with exit 4 naming each table, new tables and translator unchanged, the night marked in the history. */
    private MigratorException refused(MigratorSettings settings, String... words) throws Exception {
        Map<String, String> tables = TableChecksums.of(target);
        byte[] translator = Files.readAllBytes(MigrationRun.translatorFile(state));
        MigratorException e = assertThrows(MigratorException.class, () -> Migration.run(settings, Progress.NONE));
        assertEquals(MigratorException.SHRINK_REFUSED, e.exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String w : words) assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        assertEquals(tables, TableChecksums.of(target));
        assertArrayEquals(translator, Files.readAllBytes(MigrationRun.translatorFile(state)));
        Table history = Inspection.runHistory(state);
        assertEquals("refused", history.stringColumn("status").get(history.rowCount() - 1));
        return e;
    }

    @Test
    void emptySourceIsRefused() throws Exception {
        long comments = legacy.fetchCount(io.github.nightlymigration.legacy.db.Tables.COMMENTS);
        String emptyLegacy = TestDatabases.legacy(); // schema, no rows: a replica before its restore
        MigratorException e = refused(settings(emptyLegacy), "comments (old table) " + String.format("%,d", comments)
                + " rows last night -> 0 tonight", "users (new table)", "--accept-shrink", "MIGRATOR_SHRINK_LIMIT");
        ReliabilityRecord.passed("guard-empty-source", "Empty legacy database after a good night",
                "MIGRATOR_OLD_URL pointed at a legacy database with the schema and no rows",
                "exit 4, one line naming every table with last night's and tonight's counts and --accept-shrink; "
                        + "new tables (checksums) and translator bytes unchanged; the run history says refused",
                "exit " + e.exitCode() + ": " + e.getMessage());
    }

    @Test
    void halfATableGoneIsRefusedAndAcceptShrinkPublishesIt() throws Exception {
        long before = legacy.fetchCount(io.github.nightlymigration.legacy.db.Tables.COMMENTS);
        long newCommentsBefore = target.fetchCount(io.github.nightlymigration.newapp.db.Tables.COMMENTS);
        legacy.execute("DELETE FROM comments WHERE id % 2 = 0");
        long after = legacy.fetchCount(io.github.nightlymigration.legacy.db.Tables.COMMENTS);
        RunReport dry = Migration.dryRun(settings(oldUrl), Progress.NONE);
        assertEquals(RunReport.Status.DRY_RUN, dry.status());
        assertTrue(dry.nightOverNight().shrunk().stream().anyMatch(r -> r.table().equals("comments")),
                "the dry run shows the same comparison: " + dry);
        MigratorException e = refused(settings(oldUrl), String.format("comments (old table) %,d rows last night -> %,d tonight",
                before, after));
        assertFalse(e.getMessage().contains("users ("), "only the tables that shrank: " + e.getMessage());

        RunReport accepted = Migration.run(settings(oldUrl).acceptingShrink("--accept-shrink"), Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, accepted.status());
        assertEquals("--accept-shrink", accepted.nightOverNight().acceptedBy());
        String json = Files.readString(accepted.runFolder().resolve("report.json"));
        assertTrue(json.contains("\"shrink_accepted_by\" : \"--accept-shrink\""), json);
        Table history = Inspection.runHistory(state);
        assertEquals("published, shrink accepted", history.stringColumn("status").get(history.rowCount() - 1));
        long published = target.fetchCount(io.github.nightlymigration.newapp.db.Tables.COMMENTS);
        assertEquals(accepted.writtenByNewTable().get("comments"), published);
        assertTrue(published < newCommentsBefore, published + " new comments, " + newCommentsBefore + " before");
        // The accepted night is the new baseline: the next night publishes without the flag.
        assertEquals(RunReport.Status.SUCCEEDED, Migration.run(settings(oldUrl), Progress.NONE).status());
        ReliabilityRecord.passed("guard-half-table", "Half a table gone, then --accept-shrink",
                "DELETE of every second legacy comment (" + before + " -> " + after + ") after a good night",
                "dry run shows the shrink; the run exits 4 naming comments with both counts, nothing written; "
                        + "with --accept-shrink it publishes, report.json and the run history record the flag; "
                        + "the night after publishes without it",
                "exit " + e.exitCode() + ": " + e.getMessage() + "; with --accept-shrink: "
                        + accepted.nightOverNight().summary());
    }

    @Test
    void churnAndGrowthPublish() throws Exception {
        long comments = legacy.fetchCount(io.github.nightlymigration.legacy.db.Tables.COMMENTS);
        legacy.execute("DELETE FROM comments WHERE id % 100 = 7"); // 1% deleted in the old app
        legacy.execute("INSERT INTO users (id, email, first_name, last_name, role, created_at, updated_at) "
                + "SELECT 100000 + g, 'grown' || g || '@example.org', 'G', 'Rown', 'Basic', now(), now() "
                + "FROM generate_series(1, 50) g");
        RunReport report = Migration.run(settings(oldUrl), Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, report.status());
        NightOverNight n = report.nightOverNight();
        assertTrue(n.shrunk().isEmpty(), n.summary());
        assertNull(n.acceptedBy());
        NightOverNight.Row oldComments = n.rows().stream().filter(r -> r.side().equals("old") && r.table().equals("comments"))
                .findFirst().orElseThrow();
        assertEquals(comments, oldComments.last());
        assertEquals(NightOverNight.Verdict.CHURN, oldComments.verdict());
        assertTrue(oldComments.change() < 0);
        NightOverNight.Row users = n.rows().stream().filter(r -> r.side().equals("old") && r.table().equals("users"))
                .findFirst().orElseThrow();
        assertEquals(NightOverNight.Verdict.GREW, users.verdict());
        assertEquals(50L, users.change());
        assertTrue(report.toString().contains("night over night") || report.toString().contains("no table shrank"),
                report.toString());
        ReliabilityRecord.passed("guard-churn-growth", "1% churn and growth",
                "1% of legacy comments deleted and 50 users added after a good night",
                "the run publishes (exit 0) without a flag; the report shows per table last night, tonight, difference",
                n.summary() + "; comments " + oldComments.last() + " -> " + oldComments.tonight() + ", users +"
                        + users.change());
    }
}
