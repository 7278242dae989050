package io.github.nightlymigration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings with a bad value fail before anything connects, naming the variable and the value. */
class MigratorSettingsTest {
    private static final Map<String, String> URLS = Map.of(
            "MIGRATOR_OLD_URL", "jdbc:postgresql://localhost/old", "MIGRATOR_NEW_URL", "jdbc:postgresql://localhost/new");

    @Test
    void indexBuildMemoryDefaultsTo256MbAndTakesPostgresSizes() {
        assertEquals("256MB", MigratorSettings.fromMap(URLS).indexBuildMemory());
        assertEquals("1GB", settings("MIGRATOR_INDEX_BUILD_MEMORY", " 1GB ").indexBuildMemory());
        assertEquals("65536kB", settings("MIGRATOR_INDEX_BUILD_MEMORY", "65536kB").indexBuildMemory());
    }

    @Test
    void badValuesAreConfigurationErrorsNamingTheVariable() {
        for (String[] bad : new String[][] {
                {"MIGRATOR_INDEX_BUILD_MEMORY", "256mb"}, {"MIGRATOR_INDEX_BUILD_MEMORY", "0MB"},
                {"MIGRATOR_INDEX_BUILD_MEMORY", "lots"}, {"MIGRATOR_FETCH_SIZE", "-5"},
                {"MIGRATOR_LOCK_TIMEOUT", "soon"}}) {
            MigratorException e = assertThrows(MigratorException.class, () -> settings(bad[0], bad[1]));
            assertEquals(MigratorException.CONFIGURATION, e.exitCode());
            assertTrue(e.getMessage().contains(bad[0]) && e.getMessage().contains("'" + bad[1] + "'"), e.getMessage());
        }
    }

    private static MigratorSettings settings(String name, String value) {
        Map<String, String> env = new java.util.HashMap<>(URLS);
        env.put(name, value);
        return MigratorSettings.fromMap(env);
    }
}
