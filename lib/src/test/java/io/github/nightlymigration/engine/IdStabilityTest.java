package io.github.nightlymigration.engine;

import static io.github.nightlymigration.legacy.db.Tables.COMMENTS;
import static io.github.nightlymigration.legacy.db.Tables.ORDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import java.sql.Connection;
import java.util.Map;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same old rows get the same new ids on every run, after reopening, and when new old rows appear. */
class IdStabilityTest extends MigrationFixture {

    @BeforeEach
    void generate() throws Exception {
        try (Connection c = io.github.nightlymigration.support.TestDatabases.connect(oldUrl)) {
            new LegacyDataGenerator(0.02, 11, Progress.NONE).fill(c);
        }
        // Rows with both timestamps NULL take each run's start time by design: pin them so runs compare.
        for (var table : MigrationPlan.oldTables()) {
            legacy.execute("UPDATE " + table.getName() + " SET created_at = '2015-01-01' WHERE created_at IS NULL AND updated_at IS NULL");
        }
    }

    @Test
    void secondRunProducesIdenticalTables() throws Exception {
        RunReport first = migrate();
        Map<String, String> afterFirst = TableChecksums.of(target);
        byte[] translator = java.nio.file.Files.readAllBytes(MigrationRun.translatorFile(state));
        RunReport second = migrate();
        assertEquals(afterFirst, TableChecksums.of(target));
        assertTrue(java.util.Arrays.equals(translator, java.nio.file.Files.readAllBytes(MigrationRun.translatorFile(state))),
                "a night without new ids writes nothing to the translator");
        assertTrue(second.phaseMillis().containsKey("translator"));
        assertTrue(first.balanced() && second.balanced());
        assertEquals(first.writtenByNewTable(), second.writtenByNewTable());
    }

    @Test
    void reopenedTranslatorMapsEveryIdItGave() {
        migrate();
        try (IdTranslator reopened = IdTranslator.open(MigrationRun.translatorFile(state))) {
            for (var table : MigrationPlan.BIGINT_IDS.entrySet()) {
                long rows = target.fetchCount(table.getKey());
                assertTrue(reopened.size(table.getValue()) >= rows, table.getKey().getName());
            }
            var someRequest = target.fetchValue("SELECT id FROM requests ORDER BY id LIMIT 1", java.util.UUID.class);
            long mapped = java.util.stream.IntStream.rangeClosed(1, 1000)
                    .filter(i -> someRequest.equals(reopened.existingUuid(IdKind.REQUEST, i))).count();
            assertEquals(1, mapped, "exactly one old order maps to that request");
        }
    }

    @Test
    void newOldRowsBetweenRunsDoNotMoveExistingIds() throws Exception {
        migrate();
        Map<Object, Object> before = requestAndCommentIds();
        int maxOrder = legacy.select(DSL.max(ORDERS.ID)).from(ORDERS).fetchSingle().value1();
        int maxComment = legacy.select(DSL.max(COMMENTS.ID)).from(COMMENTS).fetchSingle().value1();
        insert(order(maxOrder + 1), comment(maxComment + 1, maxOrder + 1, null, "new comment"),
                comment(maxComment + 2, 1, null, "another on an old order"));
        legacy.deleteFrom(COMMENTS).where(COMMENTS.ID.eq(3)).execute();
        long size = java.nio.file.Files.size(MigrationRun.translatorFile(state));
        migrate();
        long grown = java.nio.file.Files.size(MigrationRun.translatorFile(state)) - size;
        assertTrue(grown > 0 && grown < 4_096, "tonight's few new ids appended to a " + size + "-byte file, not"
                + " the file rewritten: " + grown + " bytes");
        Map<Object, Object> after = requestAndCommentIds();
        int unchanged = 0;
        for (var e : before.entrySet()) {
            if (after.containsKey(e.getKey())) {
                assertEquals(e.getValue(), after.get(e.getKey()));
                unchanged++;
            }
        }
        assertTrue(unchanged > 100);
        assertNotEquals(before.size(), after.size());
    }

    /** Every request's id by its (stable) title and every comment's id by its body. */
    private Map<Object, Object> requestAndCommentIds() {
        Map<Object, Object> ids = new java.util.HashMap<>();
        target.fetch("SELECT title, id FROM requests").forEach(r -> ids.put(r.get(0), r.get(1)));
        target.fetch("SELECT body || inserted_at, id FROM comments WHERE body LIKE '%— %'").forEach(r -> ids.put(r.get(0), r.get(1)));
        return ids;
    }
}
