package io.github.nightlymigration.engine;

import static io.github.nightlymigration.newapp.db.Tables.GROUPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.legacy.db.tables.records.NotificationsRecord;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run that fails after half the tables publishes nothing; a dry run changes nothing; sequences end past max. */
class PublishAtomicityTest extends MigrationFixture {

    @Test
    void failureInTheLastTableLeavesTheNewDatabaseAsThePreviousRunLeftIt() throws Exception {
        insert(user(1), org(1), order(1), comment(1, 1, 1, "hi"));
        migrate();
        Map<String, String> published = TableChecksums.of(target);
        byte[] translator = Files.readAllBytes(MigrationRun.translatorFile(state));
        // A row that only the new side refuses, in the last table of the plan: everything before it was written.
        target.execute("ALTER TABLE notifications ADD CONSTRAINT test_no_boom CHECK (title <> 'boom')");
        insert(user(2), order(2), comment(2, 2, 2, "more"),
                new NotificationsRecord().setId(1).setUserId(1).setTitle("boom").setMessage("m").setCreatedAt(T0));
        MigratorException e = assertThrows(MigratorException.class, this::migrate);
        assertEquals(MigratorException.RUN_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("test_no_boom"), e.getMessage());
        assertEquals(published, TableChecksums.of(target));
        String report = Files.readString(latestReport());
        assertTrue(report.contains("\"status\" : \"failed\""), report);
        // The failed run may have saved new ids, but never lost one a committed run published.
        try (IdTranslator ids = IdTranslator.open(MigrationRun.translatorFile(state))) {
            assertTrue(ids.size(IdKind.REQUEST) >= 1);
        }
        assertTrue(translator.length > 0);
    }

    private java.nio.file.Path latestReport() throws Exception {
        try (var runs = Files.list(state.resolve("runs"))) {
            return runs.sorted().reduce((a, b) -> b).orElseThrow().resolve("report.json");
        }
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        insert(user(1), org(1));
        migrate();
        Map<String, String> published = TableChecksums.of(target);
        byte[] translator = Files.readAllBytes(MigrationRun.translatorFile(state));
        insert(user(2), org(2));
        RunReport dry = Migration.dryRun(settings(), Progress.NONE);
        assertEquals(RunReport.Status.DRY_RUN, dry.status());
        assertEquals(2, dry.account("users").written());
        assertEquals(published, TableChecksums.of(target));
        assertEquals(java.util.Arrays.toString(translator),
                java.util.Arrays.toString(Files.readAllBytes(MigrationRun.translatorFile(state))));
    }

    @Test
    void sequencesEndPastTheLargestIdEverHandedOut() {
        insert(org(1), org(2), org(3));
        migrate();
        legacy.deleteFrom(io.github.nightlymigration.legacy.db.Tables.ORGANIZATIONS)
                .where(io.github.nightlymigration.legacy.db.Tables.ORGANIZATIONS.ID.eq(3)).execute();
        migrate();
        assertEquals(2, target.fetchCount(GROUPS));
        long next = target.insertInto(GROUPS, GROUPS.NAME, GROUPS.INSERTED_AT, GROUPS.UPDATED_AT)
                .values("by the new app", T0, T0).returning(GROUPS.ID).fetchOne().getId();
        assertEquals(4, next, "past group 3, whose old row is gone but whose id stays reserved");
        for (var table : MigrationPlan.BIGINT_IDS.keySet()) {
            long max = Long.parseLong(TableChecksums.value(target, "SELECT coalesce(max(id), 0) FROM " + table.getName()));
            long last = Long.parseLong(TableChecksums.value(target, "SELECT last_value FROM "
                    + TableChecksums.sequence(target, table.getName())));
            assertTrue(last >= max, table.getName());
        }
    }
}
