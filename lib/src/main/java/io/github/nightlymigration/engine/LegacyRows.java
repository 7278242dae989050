package io.github.nightlymigration.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.TableRecord;

/**
 * One old table's rows in id order, streamed from the snapshot: a binary COPY decoded by
 * {@link CopyOutRows} when every column type has a decoding there, else a jOOQ cursor with the
 * run's fetch size. Iterable once.
 */
final class LegacyRows<R extends TableRecord<R>> implements Iterable<R>, AutoCloseable {
    private final CopyOutRows<R> copy;
    private final Cursor<R> cursor;

    private LegacyRows(CopyOutRows<R> copy, Cursor<R> cursor) {
        this.copy = copy;
        this.cursor = cursor;
    }

    static <R extends TableRecord<R>> LegacyRows<R> open(Connection old, DSLContext legacy, Step<R> step, int fetchSize)
            throws SQLException {
        CopyOutRows<R> copy = CopyOutRows.open(old, legacy.configuration(), step.oldTable(), step.oldId());
        if (copy != null) return new LegacyRows<>(copy, null);
        return new LegacyRows<>(null,
                legacy.selectFrom(step.oldTable()).orderBy(step.oldId()).fetchSize(fetchSize).fetchLazy());
    }

    @Override
    public Iterator<R> iterator() {
        return copy != null ? copy : cursor.iterator();
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
