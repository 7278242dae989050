package io.github.nightlymigration.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nightlymigration.support.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.Record;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;
import org.jooq.impl.Internal;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;
import org.junit.jupiter.api.Test;

/**
 * The comparison's SQL on a table wider than one mark holds (62 columns): a change only in the second mark's
 * columns is still a changed row, each column is counted once, and NULLs compare as values. Two connections, so
 * the tables are compared side by side. The live rows written after the last publish are counted as the new app's.
 */
class ChangeSetQueryTest {
    private static final int WIDTH = 70;

    @Test
    void aWideTableCountsEveryColumnOnce() throws SQLException {
        String url = TestDatabases.empty();
        try (Connection a = TestDatabases.connect(url); Connection b = TestDatabases.connect(url); Statement s = a.createStatement()) {
            String columns = IntStream.range(0, WIDTH).mapToObj(i -> "c" + i + " int").collect(Collectors.joining(", "));
            for (String schema : List.of("staged", "live")) {
                s.execute("CREATE SCHEMA " + schema);
                s.execute("CREATE TABLE " + schema + ".wide (id bigint PRIMARY KEY, " + columns + ")");
                s.execute("CREATE TABLE " + schema + ".narrow (id bigint PRIMARY KEY)");
            }
            s.execute("INSERT INTO live.wide (id) SELECT g FROM generate_series(1, 10) g");
            s.execute("UPDATE live.wide SET " + IntStream.range(0, WIDTH).mapToObj(i -> "c" + i + " = 7")
                    .collect(Collectors.joining(", ")) + " WHERE id <> 6");
            s.execute("INSERT INTO staged.wide SELECT * FROM live.wide WHERE id > 1");
            s.execute("INSERT INTO staged.wide (id) VALUES (11)"); // added; 1 is removed
            s.execute("UPDATE staged.wide SET c0 = 8 WHERE id = 3");
            s.execute("UPDATE staged.wide SET c65 = 8 WHERE id = 4"); // only the second mark differs
            s.execute("UPDATE staged.wide SET c61 = 8, c62 = 8 WHERE id = 5"); // either side of the boundary
            s.execute("UPDATE staged.wide SET c1 = 0 WHERE id = 6"); // NULL last night
            s.execute("UPDATE staged.wide SET c2 = 8 WHERE id >= 7"); // more changed rows than examples
            s.execute("INSERT INTO live.narrow VALUES (1), (2)");
            s.execute("INSERT INTO staged.narrow VALUES (2), (3)");
            // Last night's publish; after it the new app rewrote a row of each live table, one to the same values.
            long published;
            try (ResultSet rs = s.executeQuery("SELECT txid_current()")) {
                rs.next();
                published = rs.getLong(1);
            }
            s.execute("UPDATE live.wide SET c3 = c3 WHERE id = 8");
            s.execute("UPDATE live.narrow SET id = id WHERE id = 1");

            for (Connection c : List.of(a, b)) {
                try (Statement path = c.createStatement()) {
                    path.execute("SET search_path TO staged"); // as the run's staging connections
                }
            }
            ChangeSet changes = new ChangeSetQuery(List.of(new Wide(), new Narrow()), new ExampleSources(Path.of("none")),
                    OptionalLong.of(published))
                    .compare(List.of(a, b), "staged", "live", "last night");

            ChangeSet.TableChanges wide = changes.tables().get("wide");
            assertEquals(List.of(1L, 1L, 8L, 1L), List.of(wide.added(), wide.removed(), wide.changed(), wide.unchanged()));
            assertEquals(1, wide.byNewApp(), "the rows written after the publish, also when their values are the same");
            Map<String, Long> differing = new TreeMap<>();
            wide.columns().forEach((column, n) -> {
                if (n > 0) differing.put(column, n);
            });
            assertEquals(Map.of("c0", 1L, "c1", 1L, "c2", 4L, "c61", 1L, "c62", 1L, "c65", 1L), differing);
            // The first examples of each kind by key, gathered in the counting pass, with what changed in each.
            assertEquals(List.of("changed 3", "changed 4", "changed 5", "changed 6", "changed 7", "added 11", "removed 1"),
                    wide.examples().stream().map(e -> e.change() + " " + e.key().get("id")).toList());
            assertEquals(Map.of("c65", 7), wide.examples().get(1).before());
            assertEquals(Map.of("c65", 8), wide.examples().get(1).after());
            assertEquals(WIDTH, wide.columns().size());
            ChangeSet.TableChanges narrow = changes.tables().get("narrow");
            assertEquals(List.of(1L, 1L, 0L, 1L), List.of(narrow.added(), narrow.removed(), narrow.changed(), narrow.unchanged()));
            assertEquals(1, narrow.byNewApp());
            assertEquals(List.of("added 3", "removed 1"), narrow.examples().stream().map(e -> e.change() + " " + e.key().get("id")).toList());
            assertEquals(List.of("wide", "narrow"), List.copyOf(changes.tables().keySet()), "in the plan's order");
        }
    }

    private static final class Wide extends TableImpl<Record> {
        private final TableField<Record, Long> id = createField(DSL.name("id"), SQLDataType.BIGINT.nullable(false));

        Wide() {
            super(DSL.name("wide"));
            for (int i = 0; i < WIDTH; i++) createField(DSL.name("c" + i), SQLDataType.INTEGER);
        }

        @Override
        public UniqueKey<Record> getPrimaryKey() {
            return Internal.createUniqueKey(this, id);
        }
    }

    /** Every column is the key: a row is there or not. */
    private static final class Narrow extends TableImpl<Record> {
        private final TableField<Record, Long> id = createField(DSL.name("id"), SQLDataType.BIGINT.nullable(false));

        Narrow() {
            super(DSL.name("narrow"));
        }

        @Override
        public UniqueKey<Record> getPrimaryKey() {
            return Internal.createUniqueKey(this, id);
        }
    }
}
