package io.github.nightlymigration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.legacy.db.tables.records.NotificationsRecord;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.schema.SchemaCheck;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.TestDatabases;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Indexes and constraints dropped for the bulk load come back identical, and never go missing after a failure. */
class DeferredIndexesTest extends MigrationFixture {
    private static final String DEFINITIONS = """
            SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace
            UNION ALL SELECT tablename || ' ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            ORDER BY 1""";

    @Test
    void aRunLeavesEveryIndexAndConstraintAsItFoundIt() throws Exception {
        List<String> before = target.fetchValues(DEFINITIONS).stream().map(Object::toString).toList();
        insert(user(1), org(1), order(1), comment(1, 1, 1, "hi"));
        migrate();
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
