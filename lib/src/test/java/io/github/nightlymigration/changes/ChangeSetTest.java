package io.github.nightlymigration.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.changes.ChangeSet.Example;
import io.github.nightlymigration.changes.ChangeSet.TableChanges;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.GeneratedNightFixture;
import io.github.nightlymigration.support.LiveTables;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change set on generated data after a good night: the old app's users edit, complete, delete and add; the dry
 * run publishes nothing and says what would change, the run says the same and publishes it, and both agree table by
 * table with an independent diff of the live tables dumped before and after. An unchanged old database changes
 * nothing, rows without timestamps included.
 */
class ChangeSetTest extends GeneratedNightFixture {
    @BeforeEach
    void goodNight() throws Exception {
        // rows whose created_at and updated_at are both NULL: stamped on the first night, kept after it
        legacy.execute("UPDATE comments SET created_at = NULL, updated_at = NULL WHERE id % 97 = 0");
        legacy.execute("UPDATE orders SET created_at = NULL, updated_at = NULL WHERE id % 41 = 0");
        legacy.execute("UPDATE users SET created_at = NULL, updated_at = NULL WHERE id IN (SELECT min(id) FROM users)");
        RunReport first = Migration.run(settings(), Progress.NONE);
        assertFalse(first.changes().wasCompared(), "the first run has nothing to compare with");
        assertTrue(first.toString().contains("changes: first run"), first.toString());
        assertTrue(ChangeSetJson.read(first.runFolder()).orElseThrow().note().startsWith("first run"));
    }

    private MigratorSettings settings() {
        return MigratorSettings.fromMap(FaultFixture.env(oldUrl, newUrl, state));
    }

    @Test
    void plantedEditsAgreeWithAnIndependentDiffInTheDryRunAndTheRun() throws Exception {
        List<Long> edited = legacy.fetch("SELECT id FROM comments WHERE user_id IS NOT NULL AND message <> '' "
                + "AND order_id IN (SELECT id FROM orders) ORDER BY id LIMIT 7").getValues(0, Long.class);
        legacy.execute("UPDATE comments SET message = message || ' (edited)', updated_at = updated_at + interval '1 day'"
                + " WHERE id IN (" + join(edited) + ")");
        List<Long> completed = legacy.fetch("SELECT id FROM orders WHERE status <> 'Complete' ORDER BY id DESC LIMIT 5")
                .getValues(0, Long.class);
        legacy.execute("UPDATE orders SET status = 'Complete', completed_at = updated_at + interval '1 hour' WHERE id IN ("
                + join(completed) + ")");
        List<Long> deleted = legacy.fetch("SELECT id FROM orders WHERE id NOT IN (" + join(completed) + ") AND id IN "
                + "(SELECT order_id FROM comments WHERE id NOT IN (" + join(edited) + ")) ORDER BY id LIMIT 3")
                .getValues(0, Long.class);
        legacy.execute("DELETE FROM comments WHERE order_id IN (" + join(deleted) + ")");
        legacy.execute("DELETE FROM orders WHERE id IN (" + join(deleted) + ")");
        legacy.execute("INSERT INTO orders (id, name, type, status, created_at, updated_at) VALUES "
                + "(900001, 'Added one', 'WebOrder', 'Unclaimed', now(), now()), "
                + "(900002, 'Added two', 'VideoOrder', 'Unapproved', now(), now())");

        Map<String, Map<String, Map<String, Object>>> before = LiveTables.dump(target);
        RunReport dry = Migration.dryRun(settings(), Progress.NONE);
        assertEquals(before, LiveTables.dump(target), "the dry run publishes nothing");
        RunReport run = Migration.run(settings(), Progress.NONE);
        Map<String, LiveTables.Diff> published = LiveTables.diff(before, LiveTables.dump(target));

        for (RunReport report : List.of(dry, run)) {
            ChangeSet changes = ChangeSetJson.read(report.runFolder()).orElseThrow();
            assertTrue(changes.wasCompared(), changes.note());
            assertNotNull(changes.comparedWith());
            assertEquals(published.keySet(), changes.tables().keySet());
            published.forEach((table, diff) -> {
                TableChanges t = changes.tables().get(table);
                assertEquals(diff, new LiveTables.Diff(t.added(), t.removed(), t.changed(), t.unchanged(),
                        new TreeMap<>(t.columns())), table + " in " + report.runFolder().getFileName());
            });
            TableChanges comments = changes.tables().get("comments");
            assertEquals(7, comments.columns().get("body"), "the edited comments, and no other");
            assertEquals(7, comments.changed());
            TableChanges requests = changes.tables().get("requests");
            assertEquals(5, requests.changed());
            assertEquals(5, requests.columns().get("status"));
            assertEquals(3, requests.removed());
            assertEquals(2, requests.added());
            assertTrue(comments.removed() > 0, "the deleted orders' comments");
            Example first = comments.examples().stream().filter(e -> e.change().equals("changed")).findFirst().orElseThrow();
            assertEquals("old.comments:" + edited.get(0), first.oldRow(), "the example names its old row");
            assertEquals(first.before().get("body") + " (edited)", first.after().get("body"));
            assertTrue(requests.examples().stream().anyMatch(e -> e.change().equals("removed")
                    && e.oldRow().equals("old.orders:" + deleted.get(0))), requests.examples().toString());
            String console = report.toString();
            assertTrue(console.contains("changes: comments 7 changed (body 7, updated_at 7)"), console);
            assertFalse(console.contains("changes: groups"), "only the tables that changed: " + console);
        }
        String reportJson = Files.readString(run.runFolder().resolve("report.json"));
        assertTrue(reportJson.contains("\"changed_rows\" : " + ChangeSetJson.read(run.runFolder()).orElseThrow().changedRows()),
                reportJson);
    }

    @Test
    void anUnchangedOldDatabaseChangesNoRow() {
        RunReport second = Migration.run(settings(), Progress.NONE);
        ChangeSet changes = second.changes();
        assertTrue(changes.wasCompared(), changes.note());
        changes.tables().forEach((table, t) -> {
            assertEquals(0, t.changed() + t.added() + t.removed(), table + ": " + ChangeSet.line(table, t) + " " + t.examples());
            assertTrue(t.examples().isEmpty());
        });
        assertTrue(second.warnings().keySet().stream().anyMatch(w -> w.startsWith("comments: created_at and updated_at both NULL")),
                "the generated data has rows without timestamps: " + second.warnings().keySet());
        assertTrue(Files.exists(state.resolve("first-stamps.csv")));
        assertEquals(List.of("changes: none, every row as published by " + changes.comparedWith()), changes.lines());
    }

    @Test
    void anInPlaceRunSaysItDidNotCompare() {
        Map<String, String> env = FaultFixture.env(oldUrl, newUrl, state);
        env.put("MIGRATOR_PUBLISH", "in-place");
        RunReport report = Migration.run(MigratorSettings.fromMap(env), Progress.NONE);
        ChangeSet changes = ChangeSetJson.read(report.runFolder()).orElseThrow();
        assertFalse(changes.wasCompared());
        assertNull(changes.comparedWith());
        assertTrue(changes.note().contains("publishes in place"), changes.note());
        assertTrue(report.toString().contains("changes: not compared: this run publishes in place"), report.toString());
    }

    private static String join(List<Long> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }
}
