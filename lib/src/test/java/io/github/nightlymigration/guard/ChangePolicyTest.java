package io.github.nightlymigration.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangePolicyTest {
    @Test
    void defaultsRefuseMoreThanHalfOfATableOfAHundredRowsOrMore() {
        ChangePolicy p = ChangePolicy.fromMap(Map.of());
        assertEquals(0.5, p.limits().share());
        assertFalse(p.refuses("comments", 10_000, 5_000), "exactly half is allowed");
        assertTrue(p.refuses("comments", 10_000, 5_001));
        assertFalse(p.refuses("groups", 99, 99), "a table under 100 rows is not guarded");
        assertTrue(p.refuses("groups", 100, 51));
        assertFalse(p.refuses("users", 0, 0));
    }

    @Test
    void perTableLimitsMinimumAndAcceptance() {
        ChangePolicy p = ChangePolicy.fromMap(Map.of("MIGRATOR_CHANGE_LIMIT", "10%", "MIGRATOR_CHANGE_LIMIT_NOTIFICATIONS",
                "0.9", "MIGRATOR_CHANGE_MIN_ROWS", "5"));
        assertTrue(p.refuses("comments", 1000, 101));
        assertFalse(p.refuses("notifications", 1000, 900));
        assertTrue(p.refuses("groups", 5, 1));
        assertEquals("90% (MIGRATOR_CHANGE_LIMIT_NOTIFICATIONS)", p.limits().describe("notifications"));
        assertEquals("10% (MIGRATOR_CHANGE_LIMIT)", p.limits().describe("comments"));
        assertNull(p.accepting("false").acceptedBy());
        assertNull(p.accepting(" ").acceptedBy());
        assertEquals("notebook parameter acceptChanges", p.accepting("true").acceptedBy());
        assertEquals("--accept-changes", p.accepting("--accept-changes").acceptedBy());
        assertTrue(ChangePolicy.describe(p).contains("notifications 90%"), ChangePolicy.describe(p));
    }

    @Test
    void badValuesAreConfigurationErrors() {
        MigratorException e = assertThrows(MigratorException.class,
                () -> ChangePolicy.fromMap(Map.of("MIGRATOR_CHANGE_LIMIT", "half")));
        assertEquals(MigratorException.CONFIGURATION, e.exitCode());
        assertTrue(e.getMessage().contains("MIGRATOR_CHANGE_LIMIT"), e.getMessage());
        e = assertThrows(MigratorException.class, () -> ChangePolicy.fromMap(Map.of("MIGRATOR_CHANGE_MIN_ROWS", "-1")));
        assertTrue(e.getMessage().startsWith("MIGRATOR_CHANGE_MIN_ROWS must be a whole number"), e.getMessage());
    }
}
