package io.github.nightlymigration.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The naive baseline: one INSERT per row with autocommit, on a sample of every legacy table (its
 * first rows, in proportion to its size). Values travel as text with a cast to the column's
 * type, which works for every type (hstore, arrays, jsonb) without per-type code.
 */
final class RowAtATimeInsert {
    private RowAtATimeInsert() {}

    /** Inserts the sample into the (emptied) copy tables and returns the seconds it took. */
    static double run(Connection old, Connection copyTarget, List<String> tables, List<Long> sampleRows)
            throws SQLException {
        copyTarget.setAutoCommit(true);
        try (Statement s = copyTarget.createStatement()) {
            s.execute("TRUNCATE TABLE " + String.join(", ", tables));
        }
        long nanos = 0;
        for (int t = 0; t < tables.size(); t++) {
            String table = tables.get(t);
            try (Statement read = old.createStatement();
                    ResultSet rs = read.executeQuery("SELECT * FROM " + table + " ORDER BY id LIMIT " + sampleRows.get(t))) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> casts = columnTypes(copyTarget, table).stream().map(type -> "?::" + type).toList();
                List<String[]> rows = new ArrayList<>();
                while (rs.next()) {
                    String[] row = new String[meta.getColumnCount()];
                    for (int i = 0; i < row.length; i++) row[i] = rs.getString(i + 1);
                    rows.add(row);
                }
                try (PreparedStatement insert = copyTarget.prepareStatement(
                        "INSERT INTO " + table + " VALUES (" + String.join(", ", casts) + ")")) {
                    long t0 = System.nanoTime();
                    for (String[] row : rows) {
                        for (int i = 0; i < row.length; i++) insert.setString(i + 1, row[i]);
                        insert.executeUpdate();
                    }
                    nanos += System.nanoTime() - t0;
                }
            }
        }
        old.rollback();
        copyTarget.setAutoCommit(false);
        return nanos / 1e9;
    }

    /** The declared column types (the driver reports serial columns as a type "serial" that casts cannot use). */
    private static List<String> columnTypes(Connection c, String table) throws SQLException {
        List<String> types = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) types.add(rs.getString(1));
            }
        }
        return types;
    }

    static List<Long> proportionalSample(List<Long> tableRows, long sample) {
        long total = tableRows.stream().mapToLong(Long::longValue).sum();
        List<Long> out = new ArrayList<>();
        for (long rows : tableRows) out.add(Math.min(rows, Math.max(1, Math.round((double) sample * rows / total))));
        return Collections.unmodifiableList(out);
    }
}
