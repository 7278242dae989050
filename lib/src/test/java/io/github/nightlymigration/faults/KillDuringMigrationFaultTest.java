package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.support.ChildProcess;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a migration in a child JVM at points spread over reading, writing and publishing.
 * Each night before a kill the legacy side gains rows, so every killed run hands out new ids and
 * saves a new translator: the kill can land in the translator's save or in the commit.
 */
class KillDuringMigrationFaultTest {
    private static final long SEED = Long.getLong("faults.seed", System.nanoTime());

    @TempDir Path state;
    @TempDir Path referenceState;

    @Test
    void killNineAnywhereLeavesThePreviousRunAndTheNextRunSucceedsWithTheSameIds() throws Exception {
        String oldUrl = FaultFixture.generatedLegacy(0.05);
        String newUrl = TestDatabases.target();
        Map<String, String> env = FaultFixture.env(oldUrl, newUrl, state);
        Random random = new Random(SEED);
        try (Connection legacyC = TestDatabases.connect(oldUrl); Connection targetC = TestDatabases.connect(newUrl)) {
            DSLContext legacy = FaultFixture.db(legacyC);
            DSLContext target = FaultFixture.db(targetC);

            // Night 1, uninterrupted: counts the progress lines and times the tail after the last one (publish).
            int lines;
            long tailMillis;
            try (ChildProcess night1 = ChildProcess.start(env, "run")) {
                assertTrue(night1.awaitLine(l -> l.startsWith("progress notifications ") && l.endsWith("/" + total(l)), 120_000),
                        night1.stderr());
                long lastProgress = System.nanoTime();
                assertEquals(0, night1.waitFor(120), night1.stderr());
                tailMillis = Math.max(20, (System.nanoTime() - lastProgress) / 1_000_000);
                lines = (int) night1.stdout().stream().filter(l -> l.startsWith("progress ")).count();
            }
            Map<String, String> night1Ids = FaultFixture.translations(state);
            Map<String, String> published = TableChecksums.of(target);

            List<String> points = new ArrayList<>();
            for (int i = 1; i <= 8; i++) points.add("line " + Math.max(1, Math.round(i * (lines - 1) / 9.0)));
            for (double f : new double[] {0, 0.1, 0.2, 0.4}) points.add("tail " + Math.round(f * tailMillis));
            List<String> outcomes = new ArrayList<>();
            int night = 1;
            for (String point : points) {
                grow(legacy, ++night);
                String landed;
                try (ChildProcess child = ChildProcess.start(env, "run")) {
                    int jitter = random.nextInt(40);
                    if (point.startsWith("line ")) {
                        int n = Integer.parseInt(point.substring(5));
                        assertTrue(child.awaitLines(n, 120_000), point + ": " + child.stderr());
                        Thread.sleep(jitter);
                        landed = child.stdout().get(n - 1).replace("progress ", "after ") + " +" + jitter + " ms";
                    } else {
                        assertTrue(child.awaitLine(l -> l.startsWith("progress notifications ")
                                && l.endsWith("/" + total(l)), 120_000), point + ": " + child.stderr());
                        long delay = Long.parseLong(point.substring(5)) + jitter;
                        Thread.sleep(delay);
                        landed = "publish phase, " + delay + " ms after the last table";
                    }
                    child.kill();
                }
                // The translator always opens and never forgets an id that was published.
                Map<String, String> ids = FaultFixture.translations(state);
                night1Ids.forEach((k, v) -> assertEquals(v, ids.get(k), k));
                Map<String, String> now = TableChecksums.of(target);
                if (now.equals(published)) {
                    outcomes.add(landed + ": unchanged");
                } else {
                    // The kill came after the commit: that night published, and its ids must all be in the translator.
                    assertTranslatorCovers(target, ids);
                    published = now;
                    outcomes.add(landed + ": had committed");
                }
                assertTrue(Files.exists(MigrationRun.translatorFile(state)));
            }
            long unchanged = outcomes.stream().filter(o -> o.endsWith("unchanged")).count();
            assertTrue(unchanged >= 8, "kills before the publish phase cannot have committed: " + outcomes);

            // The next run succeeds, and gives what a run that was never interrupted gives with the same translator.
            try (ChildProcess next = ChildProcess.start(env, "run")) {
                assertEquals(0, next.waitFor(120), next.stderr());
            }
            Map<String, String> recovered = FaultFixture.translations(state);
            night1Ids.forEach((k, v) -> assertEquals(v, recovered.get(k), k));
            assertTranslatorCovers(target, recovered);
            String referenceUrl = TestDatabases.target();
            Files.copy(MigrationRun.translatorFile(state), MigrationRun.translatorFile(referenceState));
            try (ChildProcess reference = ChildProcess.start(FaultFixture.env(oldUrl, referenceUrl, referenceState), "run")) {
                assertEquals(0, reference.waitFor(120), reference.stderr());
            }
            try (Connection refC = TestDatabases.connect(referenceUrl)) {
                assertEquals(FaultFixture.idFingerprints(FaultFixture.db(refC)), FaultFixture.idFingerprints(target));
            }
            ReliabilityRecord.passed("kill-migration", "Kill -9 during a migration (child JVM)",
                    points.size() + " SIGKILLs at points spread over " + lines + " progress lines and the publish tail ("
                            + tailMillis + " ms), random jitter (seed " + SEED + "); the legacy side grew before each, so each run had new ids to save",
                    "after each kill: checksum of every new table and sequence equals the last published state (or, if the kill came "
                            + "after COMMIT, the translator holds every published id); translator opens; night-1 ids unchanged. "
                            + "Then: next run exits 0; ids and sequences equal an uninterrupted run's",
                    unchanged + " kills left the new database unchanged, " + (points.size() - unchanged)
                            + " landed after COMMIT; recovery run identical: " + String.join("; ", outcomes));
        }
    }

    private static long total(String progressLine) {
        return Long.parseLong(progressLine.substring(progressLine.lastIndexOf('/') + 1));
    }

    /** New legacy rows for each night (copies of existing ones under fresh ids), so every run hands out ids. */
    private static void grow(DSLContext legacy, int night) {
        int offset = night * 1_000_000;
        legacy.execute("INSERT INTO users SELECT (jsonb_populate_record(null::users, to_jsonb(u) || jsonb_build_object("
                + "'id', u.id + " + offset + ", 'email', 'n" + night + "-' || u.email, 'reset_password_token', null))).* "
                + "FROM users u WHERE u.id < 1000 AND u.id % 25 = 0");
        legacy.execute("INSERT INTO comments SELECT (jsonb_populate_record(null::comments, to_jsonb(c) || jsonb_build_object("
                + "'id', c.id + " + offset + "))).* FROM comments c WHERE c.id < 1000000 AND c.id % 97 = 0");
        legacy.execute("INSERT INTO notifications SELECT (jsonb_populate_record(null::notifications, to_jsonb(n) || "
                + "jsonb_build_object('id', n.id + " + offset + "))).* FROM notifications n WHERE n.id < 1000000 AND n.id % 89 = 0");
    }

    /** Every uuid the new database holds is in the translator; no bigint id is past its kind's high water. */
    private static void assertTranslatorCovers(DSLContext target, Map<String, String> ids) {
        Set<String> known = new HashSet<>(ids.values());
        for (String table : List.of("users", "requests", "attachments")) {
            for (UUID id : target.fetch("SELECT id FROM " + table).getValues(0, UUID.class)) {
                assertTrue(known.contains(id.toString()), table + " " + id + " is not in the translator");
            }
        }
        MigrationPlan.BIGINT_IDS.forEach((table, kind) -> {
            long max = Long.parseLong(TableChecksums.value(target, "SELECT coalesce(max(id), 0) FROM " + table.getName()));
            long high = ids.entrySet().stream().filter(e -> e.getKey().startsWith(kind + " "))
                    .mapToLong(e -> Long.parseLong(e.getValue())).max().orElse(0);
            assertTrue(max <= high, table.getName() + " max id " + max + " past the translator's " + high);
        });
    }
}
