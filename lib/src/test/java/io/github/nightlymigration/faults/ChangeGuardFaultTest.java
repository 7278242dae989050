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
import io.github.nightlymigration.changes.ChangeSet;
import io.github.nightlymigration.changes.ChangeSetJson;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.runbook.Inspection;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.GeneratedNightFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * A night that rewrites most of a table publishes nothing: after a good night, a bulk edit of every person comment
 * is refused with exit 4 and nothing written; --accept-changes publishes it on purpose; a small table renamed whole
 * is not a mass change.
 */
class ChangeGuardFaultTest extends GeneratedNightFixture {
    @BeforeEach
    void goodNight() throws Exception {
        assertEquals(RunReport.Status.SUCCEEDED, Migration.run(settings(), Progress.NONE).status());
    }

    private MigratorSettings settings() {
        return MigratorSettings.fromMap(FaultFixture.env(oldUrl, newUrl, state));
    }

    @Test
    void aBulkRewriteOfEveryPersonCommentIsRefusedAndAcceptChangesPublishesIt() throws Exception {
        int rewritten = legacy.execute("UPDATE comments SET message = message || ' [bulk]' WHERE user_id IS NOT NULL AND message <> ''");
        RunReport dry = Migration.dryRun(settings(), Progress.NONE);
        assertEquals(RunReport.Status.DRY_RUN, dry.status());
        assertEquals(List.of("comments"), dry.changes().overLimit(), "the dry run shows the same verdict");

        Map<String, String> tables = TableChecksums.of(target);
        byte[] translator = Files.readAllBytes(MigrationRun.translatorFile(state));
        MigratorException e = assertThrows(MigratorException.class, () -> Migration.run(settings(), Progress.NONE));
        assertEquals(MigratorException.SHRINK_REFUSED, e.exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String w : List.of("refused to publish", "comments ", "rows would change", "body ", "50% (MIGRATOR_CHANGE_LIMIT)",
                "--accept-changes", "changes.json")) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("requests "), "only the tables over the limit: " + e.getMessage());
        assertEquals(tables, TableChecksums.of(target), "nothing published");
        assertArrayEquals(translator, Files.readAllBytes(MigrationRun.translatorFile(state)));
        Table history = Inspection.runHistory(state);
        assertEquals("refused", history.stringColumn("status").get(history.rowCount() - 1));
        Path refusedRun = Path.of(history.stringColumn("run").get(history.rowCount() - 1));
        ChangeSet refused = ChangeSetJson.read(state.resolve("runs").resolve(refusedRun)).orElseThrow();
        assertEquals(List.of("comments"), refused.overLimit(), "changes.json of the refused run");
        long changedComments = refused.tables().get("comments").changed();
        assertTrue(changedComments > refused.tables().get("comments").existing() / 2, refused.lines().toString());

        RunReport accepted = Migration.run(settings().acceptingChanges("--accept-changes"), Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, accepted.status());
        assertEquals("--accept-changes", accepted.changes().acceptedBy());
        String json = Files.readString(accepted.runFolder().resolve("report.json"));
        assertTrue(json.contains("\"changes_accepted_by\" : \"--accept-changes\""), json);
        history = Inspection.runHistory(state);
        assertEquals("published, changes accepted", history.stringColumn("status").get(history.rowCount() - 1));
        assertEquals(accepted.changes().changedRows(), history.longColumn("changed_rows").get(history.rowCount() - 1));
        assertEquals(changedComments, target.fetchCount(io.github.nightlymigration.newapp.db.Tables.COMMENTS,
                io.github.nightlymigration.newapp.db.Tables.COMMENTS.BODY.endsWith(" [bulk]")), "published");
        // The accepted night is the new baseline: the next night changes nothing and publishes without the flag.
        RunReport next = Migration.run(settings(), Progress.NONE);
        assertEquals(0, next.changes().changedRows());
        ReliabilityRecord.passed("guard-mass-change", "Every person comment rewritten, then --accept-changes",
                "UPDATE of every non-blank person comment's message in the legacy database (" + rewritten
                        + " rows) after a good night",
                "dry run shows comments over MIGRATOR_CHANGE_LIMIT; the run exits 4 with one line naming comments with"
                        + " its counts and --accept-changes, new tables (checksums) and translator bytes unchanged,"
                        + " changes.json of the refused run lists comments; with --accept-changes it publishes, report.json"
                        + " and the run history record the flag; the night after changes 0 rows",
                "exit " + e.exitCode() + ": " + e.getMessage());
    }

    @Test
    void aSmallTableRenamedWholeIsNotAMassChange() {
        int renamed = legacy.execute("UPDATE organizations SET name = name || ' (renamed)'");
        RunReport report = Migration.run(settings(), Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, report.status());
        ChangeSet.TableChanges groups = report.changes().tables().get("groups");
        assertEquals(renamed, groups.changed());
        assertEquals(groups.existing(), groups.changed(), "every group changed");
        assertTrue(report.changes().overLimit().isEmpty(), "under MIGRATOR_CHANGE_MIN_ROWS rows: not guarded");
        ReliabilityRecord.passed("guard-mass-change-small", "A small table changed whole",
                "every legacy organization renamed (" + renamed + " rows) after a good night",
                "the run publishes: a table under MIGRATOR_CHANGE_MIN_ROWS (100) rows is not guarded; the change set"
                        + " shows every group changed",
                report.changes().lines().toString());
    }
}
