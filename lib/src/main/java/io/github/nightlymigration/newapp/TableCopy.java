package io.github.nightlymigration.newapp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import io.github.nightlymigration.pgbinary.BinaryType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Bulk-writes jOOQ records of one table with COPY ... FROM STDIN, the named columns (by default
 * every column of the table) in the generated order. A column left out, such as one the new app
 * added since the classes were generated, gets its default or NULL ({@link #leavingDefaults}). Either streams straight into the connection, or (since a connection runs
 * one COPY at a time) spools to a file that is copied in later on the same connection. Binary
 * format ({@link CopyBinary}) when every column type has an encoding there, else text ({@link CopyText}).
 */
public final class TableCopy implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final Table<?> table;
    /** The record positions COPY writes ({@link #written}). */
    private final int[] columns;
    private final int fieldCount;
    private final OutputStream out;
    private final Path spool;
    /** The COPY statement: a spooled table's runs at {@link #finish}. */
    private final String sql;
    /** Null: the table is copied as text. */
    private final BinaryType[] encodings;
    private final CopyBinary binary;
    private final StringBuilder line = new StringBuilder(256);
    private byte[] bytes = new byte[1024];
    private long rows;

    private TableCopy(Table<?> table, int[] columns, BinaryType[] encodings, String sql, OutputStream out, Path spool) {
        this.table = table;
        this.sql = sql;
        this.columns = columns;
        this.fieldCount = table.fields().length;
        this.out = out;
        this.spool = spool;
        this.encodings = encodings;
        this.binary = encodings == null ? null : CopyBinary.withHeader();
    }

    /** Streams into the table now: the connection is busy with this COPY until {@link #finish}. */
    public static TableCopy direct(Connection connection, Table<?> table) throws SQLException {
        return direct(connection, table, all(table), false);
    }

    /** Collects rows in {@code spoolFile}; {@link #finish} copies them into the table. */
    public static TableCopy spooled(Path spoolFile, Table<?> table) throws IOException {
        return spooled(spoolFile, table, all(table), false);
    }

    /**
     * The columns a migration writes: all but those with a DEFAULT in the generated schema (other than an
     * identity), which no rule writes; the database fills them as the new app's own inserts would.
     */
    public static int[] leavingDefaults(Table<?> table) {
        Field<?>[] fields = table.fields();
        return IntStream.range(0, fields.length)
                .filter(i -> !fields[i].getDataType().defaulted() || fields[i].getDataType().identity()).toArray();
    }

    /**
     * As {@link #direct(Connection, Table)}, writing only the fields at {@code columns}; {@code frozen}: the rows are
     * written frozen and all-visible ({@code COPY ... FREEZE}), which PostgreSQL allows only into a table created or
     * truncated in the connection's current transaction (so no other transaction can see it yet).
     */
    public static TableCopy direct(Connection connection, Table<?> table, int[] columns, boolean frozen) throws SQLException {
        BinaryType[] encodings = CopyBinary.encodings(fields(table, columns));
        String sql = sql(table, columns, encodings, frozen);
        PGCopyOutputStream stream = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, BUFFER);
        return new TableCopy(table, columns, encodings, sql, stream, null);
    }

    /** As {@link #spooled(Path, Table)}, writing only the fields at {@code columns}, frozen as in {@link #direct}. */
    public static TableCopy spooled(Path spoolFile, Table<?> table, int[] columns, boolean frozen) throws IOException {
        BinaryType[] encodings = CopyBinary.encodings(fields(table, columns));
        return new TableCopy(table, columns, encodings, sql(table, columns, encodings, frozen),
                new BufferedOutputStream(Files.newOutputStream(spoolFile), BUFFER), spoolFile);
    }

    private static int[] all(Table<?> table) {
        return IntStream.range(0, table.fields().length).toArray();
    }

    private static Field<?>[] fields(Table<?> table, int[] columns) {
        Field<?>[] all = table.fields();
        return Arrays.stream(columns).mapToObj(i -> all[i]).toArray(Field<?>[]::new);
    }

    private static String sql(Table<?> table, int[] positions, BinaryType[] encodings, boolean frozen) {
        var dsl = DSL.using(SQLDialect.POSTGRES);
        String columns = Stream.of(fields(table, positions))
                .map(f -> dsl.render(f.getUnqualifiedName()))
                .collect(Collectors.joining(", "));
        String options = Stream.of(encodings == null ? null : "FORMAT binary", frozen ? "FREEZE" : null)
                .filter(o -> o != null).collect(Collectors.joining(", "));
        return "COPY " + dsl.render(table.getUnqualifiedName()) + " (" + columns + ") FROM STDIN"
                + (options.isEmpty() ? "" : " (" + options + ")");
    }

    public Table<?> table() {
        return table;
    }

    public void add(Record record) {
        if (binary != null) {
            addBinary(record);
            return;
        }
        line.setLength(0);
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) line.append('\t');
            CopyText.append(line, record.get(columns[i]));
        }
        line.append('\n');
        int length = utf8(line); // before reading the field: it may grow the buffer
        try {
            out.write(bytes, 0, length);
        } catch (IOException e) {
            throw failed(e);
        }
        rows++;
    }

    private void addBinary(Record record) {
        int n = encodings.length;
        if (record.size() != fieldCount) {
            throw new IllegalArgumentException(table.getName() + ": a record of " + record.size() + " fields, not " + fieldCount);
        }
        binary.startRow(n);
        for (int i = 0; i < n; i++) binary.value(encodings[i], record.get(columns[i]));
        if (binary.length() >= BUFFER) flushBinary();
        rows++;
    }

    private void flushBinary() {
        try {
            out.write(binary.buffer(), 0, binary.length());
        } catch (IOException e) {
            throw failed(e);
        }
        binary.clear();
    }

    /**
     * Encodes the line into the reused byte buffer and returns its length: a Writer would copy it
     * into a String, then a char buffer, then encode it through the general-purpose encoder.
     */
    private int utf8(StringBuilder s) {
        int n = s.length();
        if (bytes.length < n * 3) bytes = new byte[n * 3];
        int at = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes[at++] = (byte) c;
            } else if (c < 0x800) {
                bytes[at++] = (byte) (0xC0 | c >> 6);
                bytes[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                bytes[at++] = (byte) (0xF0 | cp >> 18);
                bytes[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                bytes[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                bytes[at++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                bytes[at++] = '?'; // an unpaired surrogate, as Java's own UTF-8 encoder writes it
            } else {
                bytes[at++] = (byte) (0xE0 | c >> 12);
                bytes[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return at;
    }

    public long rows() {
        return rows;
    }

    /** Ends the COPY (a spooled one is copied in now, on {@code connection}); returns the rows written. */
    public long finish(Connection connection) throws SQLException, IOException {
        if (binary != null) {
            binary.trailer();
            flushBinary();
        }
        try {
            out.close();
        } catch (IOException e) {
            throw failed(e);
        }
        if (spool != null) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (InputStream in = Files.newInputStream(spool)) {
                copy.copyIn(sql, in, BUFFER);
            } finally {
                Files.deleteIfExists(spool);
            }
        }
        return rows;
    }

    /** Names the spool file when it is the one being written: a full disk is then found. */
    private UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("COPY into " + table.getName() + " failed: " + e.getMessage()
                + (spool != null ? " (writing its spool file " + spool + ")" : ""), e);
    }

    /** Abandons the copy (the surrounding transaction is rolled back by the caller). */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // the COPY or the spool is being abandoned because something else failed
        }
        if (spool != null) {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException ignored) {
                // a leftover spool file in the run folder is harmless
            }
        }
    }
}
