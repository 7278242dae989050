package io.github.nightlymigration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings with a bad value fail before anything connects, naming the variable and the value. */
class MigratorSettingsTest {
    private static final Map<String, String> URLS = Map.of(
            "MIGRATOR_OLD_URL", "jdbc:postgresql://localhost/old", "MIGRATOR_NEW_URL", "jdbc:postgresql://localhost/new");

    @Test
    void defaultsAndWellFormedValues() {
        assertEquals(10_000, MigratorSettings.fromMap(URLS).fetchSize());
        assertEquals(Duration.ofSeconds(30), MigratorSettings.fromMap(URLS).lockTimeout());
        assertEquals(Duration.ofMinutes(2), settings("MIGRATOR_LOCK_TIMEOUT", " 2m ").lockTimeout());
        assertEquals(500, settings("MIGRATOR_FETCH_SIZE", "500").fetchSize());
        // an age is not a PostgreSQL timeout: no 24-day cap
        assertEquals(Duration.ofHours(100_000), settings("MIGRATOR_SOURCE_MAX_AGE", "100000h").sourceMaxAge());
    }

    @Test
    void badValuesAreConfigurationErrorsNamingTheVariable() {
        for (String[] bad : new String[][] {
                {"MIGRATOR_FETCH_SIZE", "-5"}, {"MIGRATOR_FETCH_SIZE", "lots"}, {"MIGRATOR_LOCK_TIMEOUT", "soon"},
                {"MIGRATOR_LOCK_TIMEOUT", "0s"}, {"MIGRATOR_LOCK_TIMEOUT", "1000h"}, {"MIGRATOR_SOURCE_MAX_AGE", "-1h"}}) {
            MigratorException e = assertThrows(MigratorException.class, () -> settings(bad[0], bad[1]));
            assertEquals(MigratorException.CONFIGURATION, e.exitCode());
            assertTrue(e.getMessage().contains(bad[0]) && e.getMessage().contains("'" + bad[1] + "'"), e.getMessage());
        }
    }

    @Test
    void aPasswordInTheUrlAndInTheVariableAtOnceIsRefusedWithoutShowingIt() {
        Map<String, String> env = new HashMap<>(URLS);
        env.put("MIGRATOR_NEW_URL", "jdbc:postgresql://localhost/new?user=app&password=url-s3cret");
        env.put("MIGRATOR_NEW_PASSWORD", "env-s3cret");
        MigratorException e = assertThrows(MigratorException.class, () -> MigratorSettings.fromMap(env).validated());
        assertEquals(MigratorException.CONFIGURATION, e.exitCode());
        assertTrue(e.getMessage().startsWith("MIGRATOR_NEW_URL carries a password and MIGRATOR_NEW_PASSWORD is set"),
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        env.remove("MIGRATOR_NEW_PASSWORD");
        assertEquals("jdbc:postgresql://localhost/new?user=app&password=url-s3cret",
                MigratorSettings.fromMap(env).validated().newUrl(), "either one alone is fine");
    }

    private static MigratorSettings settings(String name, String value) {
        Map<String, String> env = new HashMap<>(URLS);
        env.put(name, value);
        return MigratorSettings.fromMap(env);
    }
}
