package io.github.nightlymigration.engine;

import io.github.nightlymigration.MigratorException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.TableField;
import org.jooq.TableRecord;

/**
 * One old table's rows in id order, streamed from the snapshot: a binary COPY decoded by
 * {@link CopyOutRows} when every column type has a decoding there, else a jOOQ cursor with the
 * run's fetch size. Iterable once. Ids must rise strictly: a table whose primary key was dropped can
 * hold an id twice, and that row is named here, while streaming, rather than by the new table's key
 * build after the whole load.
 */
final class LegacyRows<R extends TableRecord<R>> implements Iterable<R>, AutoCloseable {
    private final CopyOutRows<R> copy;
    private final Cursor<R> cursor;
    private final TableField<R, Integer> id;

    private LegacyRows(CopyOutRows<R> copy, Cursor<R> cursor, TableField<R, Integer> id) {
        this.copy = copy;
        this.cursor = cursor;
        this.id = id;
    }

    static <R extends TableRecord<R>> LegacyRows<R> open(Connection old, DSLContext legacy, Step<R> step, int fetchSize,
            CopyOutRows.TextFallback onFallback) throws SQLException {
        CopyOutRows<R> copy = CopyOutRows.open(old, legacy.configuration(), step.oldTable(), step.oldId(), onFallback);
        if (copy != null) return new LegacyRows<>(copy, null, step.oldId());
        return new LegacyRows<>(null,
                legacy.selectFrom(step.oldTable()).orderBy(step.oldId()).fetchSize(fetchSize).fetchLazy(), step.oldId());
    }

    @Override
    public Iterator<R> iterator() {
        Iterator<R> rows = copy != null ? copy : cursor.iterator();
        return new Iterator<>() {
            private long last = Long.MIN_VALUE;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public R next() {
                R row = rows.next();
                Integer value = row.get(id);
                if (value == null || value <= last) throw notAKey(row.getTable().getName(), value);
                last = value;
                return row;
            }
        };
    }

    private MigratorException notAKey(String table, Integer value) {
        String what = value == null ? "a row without an id" : "two rows with id " + value;
        return new MigratorException(MigratorException.RUN_FAILED, "legacy table " + table + " has " + what + " ("
                + table + "." + id.getName() + " is no longer a key: its primary key constraint is missing or"
                + " disabled); fix the row in the old database");
    }

    List<R> toList() {
        List<R> rows = new ArrayList<>();
        iterator().forEachRemaining(rows::add);
        return rows;
    }

    @Override
    public void close() {
        if (copy != null) copy.close();
        if (cursor != null) cursor.close();
    }
}
