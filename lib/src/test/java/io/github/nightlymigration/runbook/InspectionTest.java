package io.github.nightlymigration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.support.MigrationFixture;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Free queries: bind parameters, jOOQ queries, a row limit that says when it cuts, and no writes. */
class InspectionTest extends MigrationFixture {
    @Test
    void sqlWithBindsAndJooqQueriesBecomeTablesCutAtTheLimit() {
        insert(user(1), user(2), user(3), org(1), order(10), order(11), order(12).setStatus("Complete"));
        migrate();
        Inspection inspect = new Inspection(settings());
        Table unclaimed = inspect.oldQuery("SELECT id FROM orders WHERE status = ? ORDER BY id", "Unclaimed");
        assertEquals(2, unclaimed.rowCount());
        assertEquals("old: SELECT id FROM orders WHERE status = ? ORDER BY id", unclaimed.name());
        Table cut = inspect.rowLimit(2).newQuery(DSL.select(DSL.field("id")).from(DSL.table("users")));
        assertEquals(2, cut.rowCount());
        assertTrue(cut.name().contains("cut at the row limit: first 2 rows"), cut.name());
        assertEquals(3, inspect.newQuery("SELECT id FROM users").rowCount(), "no cut, no note");
        Table requests = inspect.newQuery("SELECT id, event, group_id, inserted_at FROM requests ORDER BY id");
        assertEquals(36, requests.stringColumn("id").get(0).length(), "uuid and jsonb columns arrive as text");
        assertEquals(3, requests.rowCount());
        assertEquals(tech.tablesaw.api.ColumnType.LOCAL_DATE_TIME, requests.column("inserted_at").type());
    }

    @Test
    void theNewSideIsReadOnly() {
        MigratorException refused = assertThrows(MigratorException.class, () -> new Inspection(settings())
                .newQuery("INSERT INTO groups (id, name, inserted_at, updated_at) VALUES (99, 'x', now(), now()) RETURNING id"));
        assertTrue(refused.getMessage().contains("read-only transaction"), refused.getMessage());
        assertEquals(0, target.fetchCount(DSL.table("groups")));
        assertThrows(MigratorException.class, () -> new Inspection(settings()).oldQuery("DELETE FROM users RETURNING id"));
    }
}
