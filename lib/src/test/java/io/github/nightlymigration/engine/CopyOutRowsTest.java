package io.github.nightlymigration.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.support.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The binary COPY reader gives exactly the records jOOQ's own cursor gives, value for value. */
class CopyOutRowsTest {

    @Test
    void everyLegacyTableReadsAsJooqReadsIt() throws Exception {
        String url = TestDatabases.legacy();
        try (Connection c = TestDatabases.connect(url)) {
            new LegacyDataGenerator(0.02, 7, Progress.NONE).fill(c);
            try (Statement s = c.createStatement()) {
                // values the generator may not make: the far past, NULLs in hstore and arrays, every UTF-8 length
                s.execute("INSERT INTO organizations (id, name, created_at, updated_at) VALUES"
                        + " (900001, 'Chloé 海报 😀 tab\t\\ \"q\"', '1969-12-31 23:59:59.999999', '1999-12-31 23:59:59.000001'),"
                        + " (900002, NULL, NULL, '2000-01-01 00:00:00')");
                s.execute("INSERT INTO orders (id, event, needs, subscriptions, due) VALUES"
                        + " (900001, 'a=>NULL, \"k y\"=>\"v\\\"al\", é=>海', '', '{1,NULL,3}', '1999-02-28'),"
                        + " (900002, '', 'poster=>\"\"', '{}', NULL)");
            }
            c.setAutoCommit(false);
            DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES);
            for (Step<?> step : MigrationPlan.STEPS) compare(c, dsl, step);
            c.rollback();
        }
    }

    private static <R extends TableRecord<R>> void compare(Connection c, DSLContext dsl, Step<R> step) throws Exception {
        List<R> expected = dsl.selectFrom(step.oldTable()).orderBy(step.oldId()).fetch();
        List<R> actual;
        try (LegacyRows<R> rows = LegacyRows.open(c, dsl, step, 100, (column, id) -> { })) {
            actual = rows.toList();
        }
        try (CopyOutRows<R> abandoned = CopyOutRows.open(c, dsl.configuration(), step.oldTable(), step.oldId(), (column, id) -> { })) {
            assertNotNull(abandoned, "binary path for " + step.oldTable());
            abandoned.next(); // then closed unfinished, as a failing run does
        }
        c.rollback();
        assertEquals(expected.size(), actual.size(), step.oldTable().getName());
        for (int i = 0; i < expected.size(); i++) {
            R e = expected.get(i);
            R a = actual.get(i);
            for (int f = 0; f < e.size(); f++) {
                Object ev = e.get(f);
                Object av = a.get(f);
                String where = step.oldTable().getName() + " row " + e.get(0) + " " + e.field(f).getName();
                if (ev instanceof Object[] array) assertArrayEquals(array, (Object[]) av, where);
                else assertEquals(ev, av, where);
            }
            assertEquals(e.formatJSON(), a.formatJSON());
        }
    }
}
