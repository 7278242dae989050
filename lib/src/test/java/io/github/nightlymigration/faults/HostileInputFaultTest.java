package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inputs PostgreSQL accepts but this migrator did not expect (issue #22): each ends in bounded time with
 * a message naming what is wrong, or is handled row by row, and never leaves the new database half-published.
 */
class HostileInputFaultTest extends MigrationFixture {
    @Test
    void aDuplicateLegacyIdFailsTheNightAtOnceNamingIt() {
        insert(user(1), org(1), order(10), comment(1, 10, 1, "first"), comment(2, 10, 1, "second"));
        migrate();
        Map<String, String> before = TableChecksums.of(target);
        legacy.execute("ALTER TABLE comments DROP CONSTRAINT comments_pkey");
        legacy.execute("INSERT INTO comments SELECT * FROM comments WHERE id = 2");
        for (int night = 1; night <= 2; night++) { // the second night: the first released its lock
            long t0 = System.nanoTime();
            MigratorException failed = assertTimeoutPreemptively(Duration.ofSeconds(120),
                    () -> assertThrows(MigratorException.class, this::migrate));
            assertEquals(MigratorException.RUN_FAILED, failed.exitCode(), failed.getMessage());
            assertTrue(failed.getMessage().contains("legacy table comments has two rows with id 2"), failed.getMessage());
            assertEquals(before, TableChecksums.of(target), "nothing published");
            if (night == 2) {
                ReliabilityRecord.passed("hostile-duplicate-id", "A duplicate id in a legacy table",
                        "comments' primary key dropped and comment 2 inserted twice; two nights in a row",
                        "each night exits 1 in bounded time naming the table and the old id; the lock is released"
                                + " (the second night is not refused as locked); the new tables are as before",
                        String.format("exit 1 after %.1f s: %s", (System.nanoTime() - t0) / 1e9, failed.getMessage()));
            }
        }
    }
}
