package io.github.nightlymigration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.legacy.db.tables.records.NotificationsRecord;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.schema.SchemaCheck;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.TestDatabases;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Indexes and constraints dropped for the bulk load come back identical, and never go missing after a failure. */
class DeferredIndexesTest extends MigrationFixture {
    private static final String DEFINITIONS = """
            SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace
            UNION ALL SELECT tablename || ' ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            ORDER BY 1""";

    /** Staged and built on one or three connections, or in place: the same definitions under the same names. */
    @ParameterizedTest
    @CsvSource({"swap, 1", "swap, 3", "in-place, 1"})
    void aRunLeavesEveryIndexAndConstraintAsItFoundIt(String publish, int parallelism) throws Exception {
        List<String> before = target.fetchValues(DEFINITIONS).stream().map(Object::toString).toList();
        insert(user(1), org(1), order(1), comment(1, 1, 1, "hi"));
        Map<String, String> env = new HashMap<>(Map.of("MIGRATOR_OLD_URL", oldUrl, "MIGRATOR_NEW_URL", newUrl,
                "MIGRATOR_STATE_DIR", state.toString(), "MIGRATOR_PUBLISH", publish,
                "MIGRATOR_PARALLELISM", Integer.toString(parallelism)));
        RunReport report = Migration.run(MigratorSettings.fromMap(env), Progress.NONE);
        assertTrue(report.publish().startsWith(publish.equals("swap") ? "swap" : "in place"), report.publish());
        assertEquals(before, target.fetchValues(DEFINITIONS).stream().map(Object::toString).toList());
        try (Connection c = TestDatabases.connect(newUrl)) {
            SchemaCheck.target(c, MigrationPlan.newTables());
        }
    }

    @Test
    void aFailedRunLeavesThemToo() {
        target.execute("ALTER TABLE notifications ADD CONSTRAINT test_no_boom CHECK (title <> 'boom')");
        List<String> before = target.fetchValues(DEFINITIONS).stream().map(Object::toString).toList();
        insert(user(1), org(1), order(1), comment(1, 1, 1, "hi"),
                new NotificationsRecord().setId(1).setUserId(1).setTitle("boom").setMessage("m").setCreatedAt(T0));
        MigratorException e = assertThrows(MigratorException.class, this::migrate);
        assertTrue(e.getMessage().contains("test_no_boom"), e.getMessage());
        assertEquals(before, target.fetchValues(DEFINITIONS).stream().map(Object::toString).toList());
    }
}
