package io.github.nightlymigration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.bench.ReaderProbe;
import io.github.nightlymigration.newapp.StagingSchema;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.PasswordRoles;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The publish by swap: readers of the new app are not blocked for the run, the live tables keep
 * their grants, owner, comments and options, and what a swap would break makes the run publish in
 * place, saying why.
 */
class StagedPublishTest extends MigrationFixture {
    /** What a swap must carry over, per live table (and its identity sequence). */
    private static final String CARRIED = """
            SELECT c.relname || ' ' || c.relkind::text || ' ' || coalesce(c.relacl::text, '-') || ' ' || pg_get_userbyid(c.relowner)
              || ' ' || coalesce(array_to_string(c.reloptions, ','), '-') || ' ' || coalesce(obj_description(c.oid, 'pg_class'), '-')
            FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'S') ORDER BY 1""";

    private boolean stagingExists() {
        return target.fetchExists(DSL.selectOne().from("pg_namespace").where("nspname = {0}", StagingSchema.NAME));
    }

    @Test
    void aReaderKeepsReadingLastNightsTablesWhileTheRunLoadsTonightsAndSwapsThemIn() throws Exception {
        String generated = FaultFixture.generatedLegacy(0.05);
        MigratorSettings settings = TestDatabases.settings(generated, newUrl, state);
        Migration.run(settings, Progress.NONE);
        Map<String, String> lastNight = new java.util.TreeMap<>(TableChecksums.of(target));
        String reader = PasswordRoles.plain("app_reader");
        target.execute("GRANT SELECT ON users, requests TO " + reader);
        target.execute("GRANT INSERT, UPDATE ON comments TO PUBLIC");
        target.execute("GRANT USAGE ON SEQUENCE comments_id_seq TO " + reader);
        target.execute("COMMENT ON TABLE users IS 'people of the new app'");
        target.execute("ALTER TABLE comments SET (fillfactor = 90)");
        List<String> carried = target.fetchValues(CARRIED).stream().map(Object::toString).toList();

        RunReport report;
        ReaderProbe.Observation seen;
        try (ReaderProbe probe = ReaderProbe.start(newUrl)) {
            Thread.sleep(300);
            report = Migration.run(settings, Progress.NONE);
            Thread.sleep(300);
            seen = probe.stop();
        }
        assertTrue(report.publish().startsWith("swap from staging"), report.publish());
        // A correctness property, not a timing benchmark: the run holds the live tables for its swap only.
        // Generous: a loaded 2-core machine can stall any read for a while; the in-place publish blocks for the whole run.
        assertTrue(seen.longestBlocked().compareTo(Duration.ofSeconds(2)) < 0, seen + " during a run of " + report.duration());
        assertTrue(seen.reads() >= 5, seen.toString());
        System.out.println("reader during a staged run of " + report.duration() + ": " + seen);
        assertEquals(0, seen.errors(), seen.toString());
        assertEquals(seen.fewestNonEmpty(), seen.mostNonEmpty(), "a reader never sees an emptied table");
        Map<String, String> tonight = new java.util.TreeMap<>(TableChecksums.of(target));
        lastNight.keySet().removeIf(t -> t.startsWith("notifications")); // stamped with the run's time where the old row has none
        tonight.keySet().removeIf(t -> t.startsWith("notifications"));
        assertEquals(lastNight, tonight, "same legacy rows, same translator: the same tables, ids and sequences");
        assertEquals(carried, target.fetchValues(CARRIED).stream().map(Object::toString).toList());
        assertFalse(stagingExists(), "nothing left in the staging schema");
        try (Connection c = TestDatabases.connect(newUrl)) {
            io.github.nightlymigration.schema.SchemaCheck.target(c, io.github.nightlymigration.rules.MigrationPlan.newTables());
        }
        // Written frozen (COPY FREEZE into tables emptied in the load's transaction), which marks the pages it fills
        // all-visible (not one a batch started half full): most pages, where a plain COPY leaves none until a vacuum.
        var pages = target.fetch("SELECT relname, relpages, relallvisible FROM pg_class"
                + " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relpages > 0");
        assertTrue(pages.size() >= 5, pages.toString());
        for (var table : pages) {
            int all = table.get(1, Integer.class);
            int visible = table.get(2, Integer.class);
            assertTrue(visible > 0 && 2 * visible >= all, table.get(0) + ": " + all + " pages, " + visible + " all-visible");
        }
    }

    @Test
    void aDryRunLeavesNoStagingAndASecondInstallationIsTurnedAway() throws Exception {
        insert(user(1), org(1));
        migrate();
        Map<String, String> published = TableChecksums.of(target);
        insert(user(2));
        assertEquals(RunReport.Status.DRY_RUN, Migration.dryRun(settings(), Progress.NONE).status());
        assertFalse(stagingExists());
        try (Connection other = TestDatabases.connect(newUrl)) {
            assertTrue(StagingSchema.claim(other), "another installation's run, loading");
            MigratorException e = assertThrows(MigratorException.class, this::migrate);
            assertTrue(e.getMessage().contains("another migration is loading"), e.getMessage());
        }
        assertEquals(published, TableChecksums.of(target));
        assertEquals(2, migrate().account("users").written(), "free again once the other session ends");
    }

    @Test
    void theProbeSeesAReaderWaitingForTheTablesLock() throws Exception {
        ReaderProbe.Observation seen;
        try (ReaderProbe probe = ReaderProbe.start(newUrl); Connection c = TestDatabases.connect(newUrl)) {
            Thread.sleep(300);
            c.setAutoCommit(false);
            c.createStatement().execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
            Thread.sleep(1500);
            c.commit();
            Thread.sleep(300);
            seen = probe.stop();
        }
        assertTrue(seen.longestBlocked().toMillis() >= 1200, seen.toString());
        assertTrue(seen.timeouts() >= 3, seen.toString());
    }

    @Test
    void aViewOnALiveTablePublishesInPlaceSayingSoAndAKilledRunsStagingIsDropped() throws Exception {
        target.execute("CREATE VIEW recent_users AS SELECT id, email FROM users");
        target.execute("CREATE SCHEMA " + StagingSchema.NAME);
        target.execute("CREATE TABLE " + StagingSchema.NAME + ".users (half_loaded int)");
        insert(user(1), org(1));
        RunReport report = migrate();
        assertTrue(report.publish().startsWith("in place"), report.publish());
        assertTrue(report.publish().contains("view or rule recent_users reads users"), report.publish());
        assertTrue(report.toString().contains("publish: in place"), report.toString());
        assertEquals(1, target.fetchCount(DSL.table("recent_users")));
        assertFalse(stagingExists(), "the leftover of a killed staged run is gone");
    }

    @Test
    void aTriggerIsAHazardButAForeignKeyFromATableOfTheNewAppIsCarried() throws Exception {
        target.execute("CREATE TABLE app_bookmarks (user_id uuid REFERENCES users (id))");
        target.execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'");
        target.execute("CREATE TRIGGER requests_touch BEFORE UPDATE ON requests FOR EACH ROW EXECUTE FUNCTION touch()");
        try (Connection c = TestDatabases.connect(newUrl)) {
            List<String> hazards = io.github.nightlymigration.schema.SwapHazards.onTables(c,
                    io.github.nightlymigration.rules.MigrationPlan.newTables());
            assertFalse(hazards.toString().contains("app_bookmarks"), hazards.toString());
            assertTrue(hazards.contains("trigger requests_touch on requests"), hazards.toString());
        }
    }

    @Test
    void withoutCreateOnTheDatabaseTheOwnerOfTheTablesPublishesInPlace() throws Exception {
        String owner = PasswordRoles.plain("new_app_owner");
        target.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + owner);
        for (var table : io.github.nightlymigration.rules.MigrationPlan.newTables()) {
            target.execute("ALTER TABLE " + table.getName() + " OWNER TO " + owner);
        }
        insert(user(1), org(1));
        MigratorSettings asOwner = TestDatabases.settings(oldUrl, newUrl.replace("user=postgres", "user=" + owner), state);
        RunReport report = Migration.run(asOwner, Progress.NONE);
        assertEquals(RunReport.Status.SUCCEEDED, report.status());
        assertTrue(report.publish().contains("no CREATE privilege on the database"), report.publish());
        assertEquals(1, target.fetchCount(DSL.table("users")));
    }

    @Test
    void aLongTransactionOfTheNewAppMakesTheSwapGiveUpWithinTheLockTimeoutNamingIt() throws Exception {
        insert(user(1), org(1));
        migrate();
        Map<String, String> published = TableChecksums.of(target);
        insert(user(2));
        Map<String, String> env = new java.util.HashMap<>(Map.of("MIGRATOR_OLD_URL", oldUrl, "MIGRATOR_NEW_URL", newUrl,
                "MIGRATOR_STATE_DIR", state.toString(), "MIGRATOR_LOCK_TIMEOUT", "2s"));
        try (Connection app = TestDatabases.connect(newUrl)) {
            app.setAutoCommit(false);
            DSLContext db = DSL.using(app);
            db.execute("SET application_name = 'beta-app'");
            db.fetch("SELECT count(*) FROM users"); // and stays idle in its transaction
            long t0 = System.nanoTime();
            MigratorException e = assertThrows(MigratorException.class,
                    () -> Migration.run(MigratorSettings.fromMap(env), Progress.NONE));
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(MigratorException.RUN_FAILED, e.exitCode());
            assertTrue(e.getMessage().contains("MIGRATOR_LOCK_TIMEOUT") && e.getMessage().contains("beta-app"), e.getMessage());
            assertTrue(waited < 20_000, waited + " ms");
            app.rollback();
        }
        assertEquals(published, TableChecksums.of(target));
        assertFalse(stagingExists());
    }
}
