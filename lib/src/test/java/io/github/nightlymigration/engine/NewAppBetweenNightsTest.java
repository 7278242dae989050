package io.github.nightlymigration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import io.github.nightlymigration.support.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Between two nights the new app lives: testers write rows into migrated tables, its developers add columns, an
 * index and a table of its own that references migrated tables; the old app deletes an order. The next nights
 * publish, on both publish paths, replacing the testers' rows, filling the new columns, keeping the index and the
 * app's table (applying its keys' ON DELETE actions), and saying so in the report.
 */
class NewAppBetweenNightsTest {
    private static final String REACTIONS = """
            CREATE TABLE reactions (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              request_id uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
              user_id uuid REFERENCES users (id) ON DELETE SET NULL,
              emoji text NOT NULL)""";
    private static final String VALID_KEYS = "SELECT count(*) FROM pg_constraint WHERE conrelid = 'reactions'::regclass"
            + " AND contype = 'f' AND convalidated";

    @TempDir Path state;
    @TempDir Path reference;
    @TempDir Path elsewhere;
    private Connection targetConnection;
    private Connection legacyConnection;

    @AfterEach
    void close() throws Exception {
        if (targetConnection != null) targetConnection.close();
        if (legacyConnection != null) legacyConnection.close();
    }

    private static MigratorSettings settings(String oldUrl, String newUrl, Path state, String publish) {
        Map<String, String> env = FaultFixture.env(oldUrl, newUrl, state);
        env.put("MIGRATOR_PUBLISH", publish);
        return MigratorSettings.fromMap(env);
    }

    @ParameterizedTest
    @ValueSource(strings = {"swap", "in-place"})
    void aDayOfTheNewAppAndTheOldAppsDeletionPublishTheNextNights(String publish) throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.01);
        String newUrl = TestDatabases.target();
        MigratorSettings settings = settings(oldUrl, newUrl, state, publish);
        Migration.run(settings, Progress.NONE);
        Path lastNight = Files.copy(MigrationRun.translatorFile(state), reference.resolve("translator.db"));
        DSLContext target = FaultFixture.db(targetConnection = TestDatabases.connect(newUrl));
        DSLContext legacy = FaultFixture.db(legacyConnection = TestDatabases.connect(oldUrl));

        // The day: testers write, the developers deploy, the old app deletes an order two reactions are about.
        List<String> requests = target.fetchValues("SELECT id::text FROM requests ORDER BY id LIMIT 19").stream()
                .map(Object::toString).toList();
        List<String> users = target.fetchValues("SELECT id::text FROM users ORDER BY id LIMIT 2").stream()
                .map(Object::toString).toList();
        target.execute("INSERT INTO users (id, email, first_name, last_name, role, send_emails, inserted_at, updated_at)"
                + " VALUES ('00000000-0000-4000-8000-000000000001', 'tester@example.org', 'Beta', 'Tester', 'basic', true,"
                + " now(), now())");
        target.execute("UPDATE users SET first_name = 'Renamed' WHERE id = '" + users.get(0) + "'");
        target.execute("INSERT INTO requests (id, kind, title, description, status, event, inserted_at, updated_at)"
                + " VALUES ('00000000-0000-4000-8000-000000000002', 'web', 'From a tester', 'd', 'unclaimed', '{}', now(), now())");
        target.execute("INSERT INTO comments (request_id, author_id, body, inserted_at, updated_at) VALUES ('"
                + requests.get(0) + "', '" + users.get(1) + "', 'a tester was here', now(), now())");
        target.execute("ALTER TABLE requests ADD COLUMN priority int");
        target.execute("ALTER TABLE requests ADD COLUMN archived boolean NOT NULL DEFAULT false");
        target.execute("CREATE INDEX comments_inserted_at_index ON comments (inserted_at)");
        target.execute(REACTIONS);
        for (int i = 0; i < 20; i++) {
            String request = i < 2 ? requests.get(0) : requests.get(i - 1);
            String user = i == 5 ? "00000000-0000-4000-8000-000000000001" : users.get(i % 2);
            target.execute("INSERT INTO reactions (request_id, user_id, emoji) VALUES ('" + request + "', '" + user + "', 'ok')");
        }
        long order = oldId(FaultFixture.translations(state), "REQUEST", requests.get(0));
        legacy.execute("DELETE FROM orders WHERE id = " + order);

        RunReport night = Migration.run(settings, Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, night.status());
        assertTrue(night.publish().startsWith(publish.equals("swap") ? "swap" : "in place"), night.publish());
        String noticed = String.join("\n", night.noticed());
        for (String w : new String[] {"written by the new app since the last publish", "comments 1", "requests 1", "users 2",
                "requests.priority: not written by the rules, NULL", "requests.archived: not written by the rules, default false",
                "reactions: 2 rows deleted", "ON DELETE CASCADE", "reactions: 1 row set to NULL"}) {
            assertTrue(noticed.contains(w), "'" + w + "' in: " + noticed);
        }
        assertTrue(night.toString().contains("reactions: 2 rows deleted"), night.toString());
        if (publish.equals("swap")) { // counted in the change set's pass over the live tables
            assertEquals(Map.of("users", 2L, "requests", 1L, "comments", 1L), night.changes().byNewApp().entrySet().stream()
                    .filter(e -> e.getValue() > 0).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertTrue(night.changes().lines().stream().anyMatch(l -> l.startsWith("changes: users ")
                    && l.endsWith("; the new app had written 2 of the live rows")), night.changes().lines().toString());
        }
        assertTrue(night.toHtml().contains("requests.priority: not written by the rules, NULL"));

        // Exactly tonight's data: what a new database built from the same legacy rows and translator holds.
        String fresh = TestDatabases.target();
        Files.copy(lastNight, MigrationRun.translatorFile(reference), StandardCopyOption.REPLACE_EXISTING);
        Migration.run(settings(oldUrl, fresh, reference, publish), Progress.NONE);
        try (Connection f = TestDatabases.connect(fresh)) {
            assertEquals(TableChecksums.ofWrittenColumns(FaultFixture.db(f)), TableChecksums.ofWrittenColumns(target));
        }
        assertEquals(0, target.fetchCount(target.selectOne().from("requests").where("priority IS NOT NULL OR archived")));
        assertEquals(1, target.fetchCount(target.selectOne().from("pg_indexes").where("indexname = 'comments_inserted_at_index'")));
        assertEquals(18, target.fetchCount(target.selectOne().from("reactions")));
        assertEquals(1, target.fetchCount(target.selectOne().from("reactions").where("user_id IS NULL")));
        assertEquals(2, count(target, VALID_KEYS), "both keys of the app's table are back and valid");

        RunReport after = Migration.run(settings, Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, after.status());
        assertFalse(String.join("\n", after.noticed()).contains("written by the new app"), after.noticed().toString());
        assertEquals(18, target.fetchCount(target.selectOne().from("reactions")));
        assertEquals(2, count(target, VALID_KEYS));

        // What the rules cannot fill is refused before anything is written.
        Map<String, String> published = TableChecksums.ofWrittenColumns(target);
        target.execute("ALTER TABLE requests ADD COLUMN reviewer text NOT NULL DEFAULT 'x'");
        target.execute("ALTER TABLE requests ALTER COLUMN reviewer DROP DEFAULT");
        MigratorException refused = assertThrows(MigratorException.class, () -> Migration.run(settings, Progress.NONE));
        assertEquals(MigratorException.CONFIGURATION, refused.exitCode(), refused.getMessage());
        assertTrue(refused.getMessage().contains("requests.reviewer is NOT NULL without a default"), refused.getMessage());
        assertEquals(published, TableChecksums.ofWrittenColumns(target));
        target.execute("ALTER TABLE requests DROP COLUMN reviewer");

        // Another installation's translator is still refused, exactly.
        Migration.run(settings(oldUrl, TestDatabases.target(), elsewhere, publish), Progress.NONE);
        Path ours = Files.copy(MigrationRun.translatorFile(state), reference.resolve("ours.db"));
        Files.copy(MigrationRun.translatorFile(elsewhere), MigrationRun.translatorFile(state), StandardCopyOption.REPLACE_EXISTING);
        MigratorException foreign = assertThrows(MigratorException.class, () -> Migration.run(settings, Progress.NONE));
        assertEquals(MigratorException.TRANSLATOR, foreign.exitCode(), foreign.getMessage());
        assertTrue(foreign.getMessage().contains("does not belong to this new database"), foreign.getMessage());
        assertEquals(published, TableChecksums.ofWrittenColumns(target));
        Files.copy(ours, MigrationRun.translatorFile(state), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(RunReport.Status.SUCCEEDED, Migration.run(settings, Progress.NONE).status());

        // A state folder without its run history (restored from an ID export): no change set, the testers' rows
        // are still counted, by preflight's own scan.
        target.execute("INSERT INTO comments (request_id, author_id, body, inserted_at, updated_at) VALUES ('"
                + requests.get(1) + "', '" + users.get(1) + "', 'another tester', now(), now())");
        Trees.delete(state.resolve("runs"));
        RunReport restored = Migration.run(settings, Progress.NONE);
        assertFalse(restored.changes().wasCompared(), restored.changes().lines().toString());
        assertTrue(String.join("\n", restored.noticed()).contains("written by the new app since the last publish"
                + " (replaced by tonight's data): comments 1"), restored.noticed().toString());
    }

    /** A key that forbids the deletion refuses the publish, naming the rows; nothing is published. */
    @ParameterizedTest
    @ValueSource(strings = {"swap", "in-place"})
    void aRestrictingKeyOfTheNewAppRefusesThePublishNamingTheRows(String publish) throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        MigratorSettings settings = settings(oldUrl, newUrl, state, publish);
        Migration.run(settings, Progress.NONE);
        DSLContext target = FaultFixture.db(targetConnection = TestDatabases.connect(newUrl));
        DSLContext legacy = FaultFixture.db(legacyConnection = TestDatabases.connect(oldUrl));
        String request = target.fetchValue("SELECT id::text FROM requests ORDER BY id LIMIT 1").toString();
        target.execute("CREATE TABLE pins (request_id uuid REFERENCES requests (id) ON DELETE RESTRICT, note text)");
        target.execute("INSERT INTO pins VALUES ('" + request + "', 'keep me')");
        legacy.execute("DELETE FROM orders WHERE id = " + oldId(FaultFixture.translations(state), "REQUEST", request));
        Map<String, String> published = TableChecksums.of(target);

        MigratorException e = assertThrows(MigratorException.class, () -> Migration.run(settings, Progress.NONE));
        assertEquals(MigratorException.SHRINK_REFUSED, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("keep me") && e.getMessage().contains("pins_request_id_fkey"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(published, TableChecksums.of(target));
        assertEquals(1, target.fetchCount(target.selectOne().from("pins")));
        assertEquals(1, count(target, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'pins'::regclass"));
    }

    /** The old app's own changes: a widened reference reads the same, what no rule reads is listed, the unreadable refused. */
    @ParameterizedTest
    @ValueSource(strings = {"swap", "in-place"})
    void theOldAppsChangesAreSeen(String publish) throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.005);
        String newUrl = TestDatabases.target();
        MigratorSettings settings = settings(oldUrl, newUrl, state, publish);
        Migration.run(settings, Progress.NONE);
        DSLContext target = FaultFixture.db(targetConnection = TestDatabases.connect(newUrl));
        DSLContext legacy = FaultFixture.db(legacyConnection = TestDatabases.connect(oldUrl));
        Map<String, String> before = withoutNotifications(TableChecksums.of(target));
        legacy.execute("ALTER TABLE comments ALTER COLUMN order_id TYPE bigint");
        legacy.execute("ALTER TABLE orders ADD COLUMN rush boolean");
        legacy.execute("CREATE TABLE tags (id serial PRIMARY KEY, name text)");

        RunReport night = Migration.run(settings, Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, night.status());
        assertEquals(before, withoutNotifications(TableChecksums.of(target)), "the same night as before");
        String noticed = String.join("\n", night.noticed());
        for (String w : new String[] {"orders.rush: not migrated", "table tags: not migrated", "comments.order_id: int8"}) {
            assertTrue(noticed.contains(w), "'" + w + "' in: " + noticed);
        }

        legacy.execute("ALTER TABLE comments ALTER COLUMN created_at TYPE text");
        MigratorException e = assertThrows(MigratorException.class, () -> Migration.run(settings, Progress.NONE));
        assertEquals(MigratorException.CONFIGURATION, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("comments.created_at is text"), e.getMessage());
    }

    private static long count(DSLContext db, String sql) {
        return ((Number) db.fetchValue(sql)).longValue();
    }

    private static Map<String, String> withoutNotifications(Map<String, String> sums) {
        Map<String, String> out = new java.util.TreeMap<>(sums);
        out.keySet().removeIf(t -> t.startsWith("notifications")); // stamped with the run's time where the old row has none
        return out;
    }

    private static long oldId(Map<String, String> translations, String kind, String newId) {
        return translations.entrySet().stream().filter(e -> e.getKey().startsWith(kind + " ") && e.getValue().equals(newId))
                .map(e -> Long.parseLong(e.getKey().substring(kind.length() + 1).split("/")[0])).findFirst().orElseThrow();
    }
}
