package io.github.nightlymigration.newapp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import io.github.nightlymigration.pgbinary.BinaryType;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.JSONB;

/**
 * PostgreSQL's binary COPY format, written straight into one reused byte buffer: fixed-width
 * integers, uuids and timestamps cost the server no parsing (text COPY has it parse every
 * digit of every timestamp and uuid) and cost us no formatting and no escaping. Each column's
 * encoding is chosen once from its declared type, since binary values must match the column's
 * type exactly (an Integer into a bigint column must still be 8 bytes).
 */
final class CopyBinary {
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    /** The column types written in binary; a table with any other is copied as text. */
    private static final Set<BinaryType> ENCODED = EnumSet.of(BinaryType.INT8, BinaryType.INT4, BinaryType.INT2,
            BinaryType.BOOL, BinaryType.UUID, BinaryType.TEXT, BinaryType.JSONB, BinaryType.TIMESTAMP, BinaryType.DATE);

    private byte[] buf = new byte[1 << 16];
    private int at;

    private CopyBinary() {}

    static CopyBinary withHeader() {
        CopyBinary b = new CopyBinary();
        b.bytes(HEADER, 0, HEADER.length);
        return b;
    }

    /** The binary encoding of every field, or null when one has none here (the table is then copied as text). */
    static BinaryType[] encodings(Field<?>[] fields) {
        BinaryType[] encodings = new BinaryType[fields.length];
        for (int i = 0; i < fields.length; i++) {
            encodings[i] = encoding(fields[i].getDataType());
            if (encodings[i] == null) return null;
        }
        return encodings;
    }

    private static BinaryType encoding(DataType<?> type) {
        BinaryType t = BinaryType.of(type);
        return t != null && ENCODED.contains(t) ? t : null;
    }

    void startRow(int fields) {
        ensure(2);
        SHORT.set(buf, at, (short) fields);
        at += 2;
    }

    void value(BinaryType encoding, Object value) {
        if (value == null) {
            int4(-1);
            return;
        }
        switch (encoding) {
            case INT8 -> {
                int4(8);
                int8(((Number) value).longValue());
            }
            case INT4 -> {
                int4(4);
                int4(((Number) value).intValue());
            }
            case INT2 -> {
                ensure(6);
                INT.set(buf, at, 2);
                SHORT.set(buf, at + 4, ((Number) value).shortValue());
                at += 6;
            }
            case BOOL -> {
                ensure(5);
                INT.set(buf, at, 1);
                buf[at + 4] = (byte) ((Boolean) value ? 1 : 0);
                at += 5;
            }
            case UUID -> {
                UUID u = (UUID) value;
                int4(16);
                int8(u.getMostSignificantBits());
                int8(u.getLeastSignificantBits());
            }
            case TEXT -> text((String) value, false);
            case JSONB -> text(((JSONB) value).data(), true);
            case TIMESTAMP -> {
                LocalDateTime t = (LocalDateTime) value;
                int4(8);
                // PostgreSQL's infinity and -infinity, which the driver and CopyOutRows read as MAX and MIN.
                if (t.equals(LocalDateTime.MAX)) int8(Long.MAX_VALUE);
                else if (t.equals(LocalDateTime.MIN)) int8(Long.MIN_VALUE);
                else int8(Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC) - BinaryType.PG_EPOCH_SECONDS, 1_000_000L),
                        t.getNano() / 1000));
            }
            case DATE -> {
                int4(4);
                LocalDate d = (LocalDate) value;
                if (d.equals(LocalDate.MAX)) int4(Integer.MAX_VALUE);
                else if (d.equals(LocalDate.MIN)) int4(Integer.MIN_VALUE);
                else int4(Math.toIntExact(d.toEpochDay() - BinaryType.PG_EPOCH_DAYS));
            }
            default -> throw new IllegalStateException(encoding + " has no encoding"); // ENCODED keeps these out
        }
    }

    /** UTF-8 as Java's encoder writes it (an unpaired surrogate becomes '?'); jsonb leads with its format version 1. */
    private void text(String s, boolean jsonb) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8); // vectorised for ASCII, which most values are
        int version = jsonb ? 1 : 0;
        int4(utf8.length + version);
        if (jsonb) {
            ensure(1);
            buf[at++] = 1;
        }
        bytes(utf8, 0, utf8.length);
    }

    void trailer() {
        bytes(TRAILER, 0, TRAILER.length);
    }

    private void int4(int v) {
        ensure(4);
        INT.set(buf, at, v);
        at += 4;
    }

    private void int8(long v) {
        ensure(8);
        LONG.set(buf, at, v);
        at += 8;
    }

    private void bytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, at, length);
        at += length;
    }

    private void ensure(int more) {
        if (at + more > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, at + more)];
            System.arraycopy(buf, 0, bigger, 0, at);
            buf = bigger;
        }
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return at;
    }

    void clear() {
        at = 0;
    }
}
