package io.github.nightlymigration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.support.MigrationFixture;
import java.time.Duration;
import java.util.List;
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
        assertTrue(refused.getMessage().contains("the helpers run one query"), refused.getMessage());
        assertEquals(0, target.fetchCount(DSL.table("groups")));
        assertThrows(MigratorException.class, () -> new Inspection(settings()).oldQuery("DELETE FROM users RETURNING id"));
    }

    /** Texts that wrote to both databases, read a server file or stopped other sessions before the guards. */
    @Test
    void noTextWritesOrActsOnTheServer() {
        insert(user(1), user(2), org(1), order(10), comment(100, 10, 1, "hello"));
        migrate();
        Inspection inspect = new Inspection(settings());
        List<String> hostile = List.of(
                "commit; delete from users where id = (select min(id) from users)",
                "commit; create table planted (id int)",
                "select 1; set transaction read write",
                "copy users to '/tmp/inspection-copy.csv'",
                "set role postgres",
                "set statement_timeout = 0",
                "with gone as (delete from users returning id) select * from gone",
                "select pg_read_file('/etc/hostname')",
                "select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid()",
                "select set_config('transaction_read_only', 'off', false)",
                "select query_to_xml('select 1', true, true, '')",
                "select lo_import('/etc/hostname')",
                "select * from users for update",
                "do $$ begin perform 1; end $$");
        for (String sql : hostile) {
            assertThrows(MigratorException.class, () -> inspect.oldQuery(sql), "old: " + sql);
            assertThrows(MigratorException.class, () -> inspect.newQuery(sql), "new: " + sql);
        }
        assertEquals(2, legacy.fetchCount(DSL.table("users")));
        assertEquals(2, target.fetchCount(DSL.table("users")));
        assertEquals(0, target.fetchCount(DSL.table("pg_class")
                .where(DSL.field("relname").eq("planted"))));
        assertEquals(1, inspect.oldQuery("select count(*) from users -- ; delete from users").rowCount(),
                "a semicolon in a comment is no second statement");
    }

    @Test
    void aQueryStopsAtItsTimeoutOnTheServer() {
        long t0 = System.nanoTime();
        MigratorException stopped = assertThrows(MigratorException.class,
                () -> new Inspection(settings()).timeout(Duration.ofMillis(300)).oldQuery("select pg_sleep(30)"));
        assertTrue(stopped.getMessage().contains("statement timeout"), stopped.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "stopped by the timeout, not by the sleep's end");
    }
}
