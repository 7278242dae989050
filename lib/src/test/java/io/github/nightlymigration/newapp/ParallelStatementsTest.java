package io.github.nightlymigration.newapp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.support.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failed group ends the parallel step at once with its error: no worker waits for a connection that never frees. */
class ParallelStatementsTest {
    @Test
    void theFirstFailureCancelsTheOthersAndIsThrown() throws SQLException {
        String url = TestDatabases.empty();
        try (Connection a = TestDatabases.connect(url); Connection b = TestDatabases.connect(url)) {
            // More groups than connections behind the failure: the hang of a duplicate key in the index build.
            List<List<String>> groups = List.of(List.of("SELECT pg_sleep(60)"), List.of("SELECT 1/0"),
                    List.of("SELECT 1"), List.of("SELECT 2"), List.of("SELECT 3"), List.of("SELECT 4"));
            SQLException failed = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(SQLException.class, () -> ParallelStatements.run(List.of(a, b), groups, BuildProgress.silent())));
            assertTrue(failed.getMessage().contains("division by zero"), failed.getMessage());
        }
    }
}
