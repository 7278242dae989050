package io.github.nightlymigration.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import io.github.nightlymigration.pgbinary.BinaryType;
import org.jooq.Configuration;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;
import org.jooq.postgres.extensions.types.Hstore;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads a legacy table, in id order, as {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)} and
 * decodes it into the same jOOQ records a cursor would give. The server sends integers,
 * timestamps and arrays as fixed-width binary (no formatting of every timestamp as text), and
 * no Calendar-based timestamp conversion or per-value binding lookup runs here: this was the
 * reader thread's whole cost. Tables with a column type this class does not know are read by
 * the caller through jOOQ instead ({@link #open} returns null).
 */
final class CopyOutRows<R extends TableRecord<R>> implements Iterator<R>, AutoCloseable {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final int HEADER = 19; // signature (11), flags (4), extension length (4)

    private static final Set<BinaryType> DECODED = EnumSet.of(BinaryType.INT4, BinaryType.INT8, BinaryType.BOOL,
            BinaryType.TEXT, BinaryType.TIMESTAMP, BinaryType.DATE, BinaryType.HSTORE, BinaryType.INT4_ARRAY);

    private final CopyOut copy;
    private final String tableName;
    private final Field<?>[] fields;
    private final BinaryType[] decodings;
    private final MethodHandle constructor;
    private final Configuration configuration;
    private byte[] buf = new byte[0];
    private int at;
    private int end;
    private R next;
    private boolean finished;

    private CopyOutRows(CopyOut copy, String tableName, Field<?>[] fields, BinaryType[] decodings,
            MethodHandle constructor, Configuration configuration) {
        this.copy = copy;
        this.tableName = tableName;
        this.fields = fields;
        this.decodings = decodings;
        this.constructor = constructor;
        this.configuration = configuration;
    }

    /**
     * Starts the COPY of {@code table} ordered by {@code orderBy} on the connection (inside its
     * snapshot transaction), or returns null when a column's type has no decoding here or the
     * server's encoding is not UTF-8 (binary text values are sent in the server's encoding).
     */
    static <R extends TableRecord<R>> CopyOutRows<R> open(Connection connection, Configuration configuration,
            Table<R> table, TableField<R, ?> orderBy) throws SQLException {
        Field<?>[] fields = table.fields();
        BinaryType[] decodings = new BinaryType[fields.length];
        for (int i = 0; i < fields.length; i++) {
            decodings[i] = decoding(fields[i].getDataType());
            if (decodings[i] == null) return null;
        }
        if (!utf8(connection)) return null;
        MethodHandle constructor;
        try {
            constructor = MethodHandles.publicLookup()
                    .findConstructor(table.getRecordType(), MethodType.methodType(void.class))
                    .asType(MethodType.methodType(TableRecord.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
        var dsl = DSL.using(SQLDialect.POSTGRES);
        String columns = IntStream.range(0, fields.length)
                .mapToObj(i -> dsl.render(fields[i].getUnqualifiedName()) + cast(decodings[i]))
                .collect(Collectors.joining(", "));
        String sql = "COPY (SELECT " + columns + " FROM " + dsl.render(table.getUnqualifiedName()) + " ORDER BY "
                + dsl.render(orderBy.getUnqualifiedName()) + ") TO STDOUT (FORMAT binary)";
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        CopyOutRows<R> rows = new CopyOutRows<>(copy, table.getName(), fields, decodings, constructor, configuration);
        rows.header();
        return rows;
    }

    /**
     * Integers are cast to the width the schema declares: a column the old app widened (integer to bigint) reads
     * the same, as the preflight promised ({@code schema/LegacyTypes}); the cast of a column already of that type
     * costs nothing (PostgreSQL drops it).
     */
    private static String cast(BinaryType decoding) {
        return switch (decoding) {
            case INT4 -> "::integer";
            case INT8 -> "::bigint";
            case INT4_ARRAY -> "::integer[]";
            default -> "";
        };
    }

    private static boolean utf8(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW server_encoding")) {
            return rs.next() && rs.getString(1).equalsIgnoreCase("UTF8");
        }
    }

    private static BinaryType decoding(DataType<?> type) {
        BinaryType t = BinaryType.of(type);
        return t != null && DECODED.contains(t) ? t : null;
    }

    private void header() throws SQLException {
        need(HEADER);
        at += 11;
        int flags = int4();
        if ((flags & (1 << 16)) != 0) throw new SQLException("binary COPY with OIDs is not supported");
        int extension = int4();
        need(extension);
        at += extension;
    }

    @Override
    public boolean hasNext() {
        if (next != null) return true;
        if (finished) return false;
        try {
            next = read();
        } catch (SQLException e) {
            throw new IllegalStateException("reading legacy table " + tableName + " failed: " + e.getMessage(), e);
        }
        return next != null;
    }

    @Override
    public R next() {
        if (!hasNext()) throw new NoSuchElementException();
        R row = next;
        next = null;
        return row;
    }

    @SuppressWarnings("unchecked")
    private R read() throws SQLException {
        if (!need(2)) {
            throw new SQLException("binary COPY ended without its trailer");
        }
        int count = (short) SHORT.get(buf, at);
        at += 2;
        if (count == -1) {
            finished = true;
            while (copy.readFromCopy() != null) {
                // drains the end of the COPY (nothing follows the trailer)
            }
            return null;
        }
        if (count != fields.length) throw new SQLException("binary COPY row of " + count + " fields, not " + fields.length);
        R record;
        try {
            record = (R) (TableRecord<?>) constructor.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create a " + constructor.type().returnType().getName(), e);
        }
        record.attach(configuration);
        for (int i = 0; i < count; i++) {
            need(4);
            int length = int4();
            Object value = null;
            if (length >= 0) {
                need(length);
                value = decode(decodings[i], length);
            }
            record.set((Field<Object>) fields[i], value);
        }
        record.changed(false); // as fetched: nothing to store
        return record;
    }

    private Object decode(BinaryType decoding, int length) throws SQLException {
        int start = at;
        Object value = switch (decoding) {
            case INT4 -> int4();
            case INT8 -> int8();
            case BOOL -> buf[at++] != 0;
            case TEXT -> text(length);
            case TIMESTAMP -> timestamp(int8());
            case DATE -> date(int4());
            case HSTORE -> hstore();
            case INT4_ARRAY -> intArray();
            default -> throw new IllegalStateException(decoding + " has no decoding"); // DECODED keeps these out
        };
        if (at != start + length) throw new SQLException("binary COPY value of " + length + " bytes decoded as " + (at - start));
        return value;
    }

    private String text(int length) {
        String s = new String(buf, at, length, StandardCharsets.UTF_8);
        at += length;
        return s;
    }

    /** Microseconds since 2000-01-01; infinity as the driver gives it (LocalDateTime.MAX / MIN). */
    private static LocalDateTime timestamp(long micros) {
        if (micros == Long.MAX_VALUE) return LocalDateTime.MAX;
        if (micros == Long.MIN_VALUE) return LocalDateTime.MIN;
        long seconds = Math.floorDiv(micros, 1_000_000L) + BinaryType.PG_EPOCH_SECONDS;
        int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
        return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    }

    private static LocalDate date(int days) {
        if (days == Integer.MAX_VALUE) return LocalDate.MAX;
        if (days == Integer.MIN_VALUE) return LocalDate.MIN;
        return LocalDate.ofEpochDay(days + BinaryType.PG_EPOCH_DAYS);
    }

    /** hstore_send: pair count, then each key and value as length + text (length -1: NULL value). */
    private Hstore hstore() throws SQLException {
        int pairs = int4();
        Map<String, String> map = new HashMap<>(); // as the driver makes it: the same iteration order
        for (int p = 0; p < pairs; p++) {
            String key = text(checkedLength(int4()));
            int valueLength = int4();
            map.put(key, valueLength < 0 ? null : text(checkedLength(valueLength)));
        }
        return Hstore.valueOf(map);
    }

    /** array_send of int4[]: dimensions, null flag, element type, (size, lower bound) per dimension, elements. */
    private Integer[] intArray() throws SQLException {
        int dimensions = int4();
        at += 8; // has-null flag, element type oid
        if (dimensions == 0) return new Integer[0];
        if (dimensions != 1) throw new SQLException("integer[] of " + dimensions + " dimensions is not supported");
        int size = int4();
        at += 4; // lower bound
        Integer[] array = new Integer[size];
        for (int i = 0; i < size; i++) {
            int length = int4();
            array[i] = length < 0 ? null : int4();
        }
        return array;
    }

    private int checkedLength(int length) throws SQLException {
        if (length < 0 || at + length > end) throw new SQLException("corrupt binary COPY value length " + length);
        return length;
    }

    private int int4() {
        int v = (int) INT.get(buf, at);
        at += 4;
        return v;
    }

    private long int8() {
        long v = (long) LONG.get(buf, at);
        at += 8;
        return v;
    }

    /**
     * Makes {@code n} unread bytes contiguous in the buffer, reading further COPY messages (the
     * server sends one per row, but nothing here relies on it); false at the end of the COPY.
     */
    private boolean need(int n) throws SQLException {
        while (end - at < n) {
            byte[] chunk = copy.readFromCopy();
            if (chunk == null) {
                if (end - at == 0) return false;
                throw new SQLException("binary COPY ended inside a row");
            }
            if (at == end) {
                buf = chunk;
                at = 0;
                end = chunk.length;
            } else {
                byte[] joined = new byte[end - at + chunk.length];
                System.arraycopy(buf, at, joined, 0, end - at);
                System.arraycopy(chunk, 0, joined, end - at, chunk.length);
                buf = joined;
                end = joined.length;
                at = 0;
            }
        }
        return true;
    }

    /**
     * Ends an unfinished COPY by reading it to its end: the connection is then usable (and the
     * caller's rollback cannot block on it). Not cancelled: a cancel request can race the COPY's
     * own end and cancel whatever the connection runs next.
     */
    @Override
    public void close() {
        if (finished) return;
        finished = true;
        try {
            while (copy.isActive() && copy.readFromCopy() != null) {
                // discarded
            }
        } catch (SQLException ignored) {
            // the connection is gone or failing: the old side's transaction ends with it
        }
    }
}
