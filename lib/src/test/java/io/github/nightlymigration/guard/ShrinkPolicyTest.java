package io.github.nightlymigration.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShrinkPolicyTest {
    @Test
    void defaultsRefuseMoreThanTenPercentAndEmptyingButNotAHandfulOfRows() {
        ShrinkPolicy p = ShrinkPolicy.fromMap(Map.of());
        assertEquals(0.10, p.limits().share());
        assertFalse(p.refuses("comments", 10_000, 9_000), "exactly 10% is churn");
        assertTrue(p.refuses("comments", 10_000, 8_999));
        assertFalse(p.refuses("organizations", 15, 13), "2 rows of a small table: churn");
        assertTrue(p.refuses("organizations", 15, 0), "emptied, whatever its size");
        assertFalse(p.refuses("users", 100, 250), "growth");
        assertFalse(p.refuses("users", 0, 0));
    }

    @Test
    void perTableLimitsAndShares() {
        ShrinkPolicy p = ShrinkPolicy.fromMap(Map.of("MIGRATOR_SHRINK_LIMIT", "0.2", "MIGRATOR_SHRINK_LIMIT_NOTIFICATIONS",
                "60 %", "MIGRATOR_SHRINK_MIN_ROWS", "0"));
        assertEquals(0.2, p.limits().of("comments"));
        assertEquals(0.6, p.limits().of("notifications"), 1e-9);
        assertFalse(p.refuses("notifications", 1000, 500));
        assertTrue(p.refuses("comments", 1000, 500));
        assertTrue(p.refuses("organizations", 3, 2), "no floor: 1 of 3 is 33%");
        assertEquals("60% (MIGRATOR_SHRINK_LIMIT_NOTIFICATIONS)", p.limits().describe("notifications"));
    }

    @Test
    void badValuesAreConfigurationErrors() {
        MigratorException e = assertThrows(MigratorException.class,
                () -> ShrinkPolicy.fromMap(Map.of("MIGRATOR_SHRINK_LIMIT", "150%")));
        assertEquals(MigratorException.CONFIGURATION, e.exitCode());
        assertTrue(e.getMessage().contains("MIGRATOR_SHRINK_LIMIT") && e.getMessage().contains("150%"), e.getMessage());
        assertThrows(MigratorException.class, () -> ShrinkPolicy.fromMap(Map.of("MIGRATOR_SHRINK_LIMIT_USERS", "lots")));
    }

    @Test
    void acceptanceComesFromTheRunNotFromASetting() {
        ShrinkPolicy p = ShrinkPolicy.fromMap(Map.of("MIGRATOR_ACCEPT_SHRINK", "true"));
        assertNull(p.acceptedBy(), "no variable accepts a shrink");
        assertNull(p.accepting("false").acceptedBy());
        assertEquals("--accept-shrink", p.accepting("--accept-shrink").acceptedBy());
        assertEquals("notebook parameter acceptShrink", p.accepting("true").acceptedBy());
    }
}
