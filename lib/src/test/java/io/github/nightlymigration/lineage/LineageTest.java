package io.github.nightlymigration.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.support.MigrationFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Lineage both ways on hand-made edge cases: a rejected order, a merged user, an orphan comment. */
class LineageTest extends MigrationFixture {
    @BeforeEach
    void oldRows() {
        insert(user(1), user(2).setEmail("USER1@example.org"), org(1), order(10).setSubscriptions(new Integer[] {1, 2}), order(11).setStatus("Bogus"),
                comment(100, 10, 2, "looks good"), comment(101, 999, 1, "nobody's order"));
        migrate();
    }

    @Test
    void anOrderForwardToItsRequestAndCommentsThenBack() {
        Trace forward = Lineage.trace(settings(), "old.orders:10");
        UUID request = target.fetchOne("SELECT id FROM requests").get(0, UUID.class);
        assertEquals(List.of(request.toString()), ids(forward.rows(), "new.requests"));
        assertEquals("yes", column(forward.rows(), "new.requests", "in_database_now").get(0));
        Long comment = target.fetchOne("SELECT id FROM comments").get(0, Long.class);
        assertEquals(List.of(comment.toString()), ids(forward.rows(), "new.comments"));
        assertTrue(column(forward.rows(), "new.comments", "detail").get(0).contains("of old.comments:100"));
        assertEquals(0, forward.findings().where(forward.findings().stringColumn("outcome").startsWith("rejected")).rowCount());
        UUID user = target.fetchOne("SELECT id FROM users").get(0, UUID.class);
        assertEquals(List.of(request + "/" + user), ids(forward.rows(), "new.subscriptions"), "users 1 and 2 are one user now");
        assertTrue(forward.findings().stringColumn("reason").asList().contains("duplicate subscription removed"), forward.toString());
        Trace subscription = Lineage.trace(settings(), "new.subscriptions:" + request + "/" + user);
        assertEquals(List.of("10"), ids(subscription.rows(), "old.orders"));
        assertEquals(List.of("1", "2"), ids(subscription.rows(), "old.users"));

        Trace back = Lineage.trace(settings(), "new.requests:" + request.toString().toUpperCase());
        assertEquals(List.of("10"), ids(back.rows(), "old.orders"));
        assertEquals(List.of("old.comments:100"), List.of("old.comments:" + ids(Lineage.trace(settings(),
                "new.comments:" + comment).rows(), "old.comments").get(0)));
    }

    @Test
    void aRejectedOrderSaysWhyAndHasNoNewRows() {
        Trace trace = Lineage.trace(settings(), "old.orders:11");
        assertEquals(List.of(), ids(trace.rows(), "new.requests"));
        assertEquals(1, trace.findings().rowCount(), trace.toString());
        assertTrue(trace.findings().stringColumn("outcome").get(0).startsWith("rejected"));
        assertTrue(trace.findings().stringColumn("reason").get(0).contains("unknown status"), trace.toString());
        assertTrue(trace.notes().stream().anyMatch(n -> n.contains("not in the translator")), trace.toString());
    }

    @Test
    void aMergedUserShowsBothOldRowsBothWays() {
        Trace trace = Lineage.trace(settings(), "old.users:2");
        assertEquals(List.of("1"), ids(trace.rows(), "old.users"), trace.toString());
        String user = ids(trace.rows(), "new.users").get(0);
        Trace back = Lineage.trace(settings(), "new.users:" + user);
        assertEquals(List.of("1", "2"), ids(back.rows(), "old.users"), back.toString());
        assertTrue(back.findings().stringColumn("reason").asList().stream().anyMatch(r -> r.contains("merged")), back.toString());
    }

    @Test
    void anOrphanCommentIsRejectedNamingItsMissingOrder() {
        Trace trace = Lineage.trace(settings(), "old.comments:101");
        assertEquals(List.of(), ids(trace.rows(), "new.comments"));
        assertTrue(trace.findings().stringColumn("reason").get(0).contains("order 999"), trace.toString());
    }

    @Test
    void whileARunPublishesItSaysSoAndNeverTouchesTheTranslator() throws Exception {
        Path file = MigrationRun.translatorFile(state);
        byte[] before = Files.readAllBytes(file);
        Files.writeString(file.resolveSibling("translator.db.next"), "half written");
        Files.writeString(state.resolve("migrator.lock"), "migration by 4242@cron since 2026-12-01T02:00:00Z\n");
        Trace trace = Lineage.trace(settings(), "old.orders:10");
        assertTrue(trace.notes().stream().anyMatch(n -> n.contains("a run is publishing: migration by 4242@cron")), trace.toString());
        assertEquals(1, ids(trace.rows(), "new.requests").size(), "read from the published translator");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)));
    }

    @Test
    void aWrongRowIsRefusedNamingWhatIsWrong() {
        MigratorException unknown = assertThrows(MigratorException.class, () -> Lineage.trace(settings(), "old.invoices:1"));
        assertEquals(MigratorException.CONFIGURATION, unknown.exitCode());
        assertTrue(unknown.getMessage().contains("no old table invoices"), unknown.getMessage());
        assertTrue(assertThrows(MigratorException.class, () -> Lineage.trace(settings(), "new.requests:12"))
                .getMessage().contains("not a uuid"));
    }

    private static List<String> ids(Table rows, String table) {
        return column(rows, table, "id");
    }

    private static List<String> column(Table rows, String table, String column) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.rowCount(); i++) {
            if (rows.stringColumn("table").get(i).equals(table) && !rows.stringColumn("relation").get(i).equals("this row")) {
                out.add(rows.stringColumn(column).get(i));
            }
        }
        return out;
    }
}
