package io.github.nightlymigration.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scripts/generate-schema: where it writes, and target.sql taken from a live new database. */
class GenerateSchemaTest {
    @Test
    void theClassesGoIntoTheLibModuleFromTheRootOrTheModule() {
        Path module = SchemaCodeGenerator.module(Path.of("")); // tests run in lib/
        assertEquals("lib", module.getFileName().toString());
        assertEquals(module, SchemaCodeGenerator.module(module.getParent()), "from the project's root, as the script runs it");
        assertEquals(module, SchemaCodeGenerator.module(module.resolve("src/generated/java")));
    }

    @Test
    void targetSqlFromALiveDatabaseHoldsItsMigratedTablesAsTheyAreAndNothingElse() throws Exception {
        String lived = TestDatabases.target();
        String ddl;
        try (Connection c = TestDatabases.connect(lived)) {
            c.createStatement().execute("ALTER TABLE requests ADD COLUMN priority int");
            c.createStatement().execute("ALTER TABLE requests ADD COLUMN archived boolean NOT NULL DEFAULT false");
            c.createStatement().execute("CREATE TABLE reactions (request_id uuid REFERENCES requests (id) ON DELETE CASCADE)");
            ddl = TargetDdlFromDatabase.ddl(c, MigrationPlan.newTables());
        }
        assertTrue(ddl.contains("  archived boolean NOT NULL DEFAULT false"), ddl);
        assertTrue(ddl.contains("  priority integer"), ddl);
        assertTrue(ddl.contains("CREATE UNIQUE INDEX users_lower_email_index ON users (lower(email));"), ddl);
        assertFalse(ddl.contains("reactions"), ddl);

        String rebuilt = TestDatabases.empty();
        try (Connection c = TestDatabases.connect(rebuilt)) {
            c.createStatement().execute(ddl);
            List<String> noticed = SchemaCheck.target(c, MigrationPlan.newTables()); // what the rules write, all there
            assertEquals(List.of("requests.archived: not written by the rules, default false",
                    "requests.priority: not written by the rules, NULL"), noticed);
        }
    }
}
