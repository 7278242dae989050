package io.github.nightlymigration.target;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Bulk-writes jOOQ records of one table with COPY ... FROM STDIN, every column of the table in
 * the generated order. Either streams straight into the connection, or (since a connection runs
 * one COPY at a time) spools to a file that is copied in later on the same connection.
 */
public final class TableCopy implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final Table<?> table;
    private final Writer out;
    private final Path spool;
    private final StringBuilder line = new StringBuilder(256);
    private long rows;

    private TableCopy(Table<?> table, Writer out, Path spool) {
        this.table = table;
        this.out = out;
        this.spool = spool;
    }

    /** Streams into the table now: the connection is busy with this COPY until {@link #finish}. */
    public static TableCopy direct(Connection connection, Table<?> table) throws SQLException {
        PGCopyOutputStream stream = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql(table), BUFFER);
        return new TableCopy(table, new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER),
                null);
    }

    /** Collects rows in {@code spoolFile}; {@link #finish} copies them into the table. */
    public static TableCopy spooled(Path spoolFile, Table<?> table) throws IOException {
        return new TableCopy(table, Files.newBufferedWriter(spoolFile, StandardCharsets.UTF_8), spoolFile);
    }

    public static String sql(Table<?> table) {
        var dsl = DSL.using(SQLDialect.POSTGRES);
        String columns = Stream.of(table.fields())
                .map(f -> dsl.render(f.getUnqualifiedName()))
                .collect(Collectors.joining(", "));
        return "COPY " + dsl.render(table.getUnqualifiedName()) + " (" + columns + ") FROM STDIN";
    }

    public Table<?> table() {
        return table;
    }

    public void add(Record record) {
        line.setLength(0);
        for (int i = 0, n = record.size(); i < n; i++) {
            if (i > 0) line.append('\t');
            CopyText.append(line, record.get(i));
        }
        line.append('\n');
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("COPY into " + table.getName() + " failed: " + e.getMessage(), e);
        }
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** Ends the COPY (a spooled one is copied in now, on {@code connection}); returns the rows written. */
    public long finish(Connection connection) throws SQLException, IOException {
        out.close();
        if (spool != null) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (InputStream in = Files.newInputStream(spool)) {
                copy.copyIn(sql(table), in, BUFFER);
            } finally {
                Files.deleteIfExists(spool);
            }
        }
        return rows;
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
