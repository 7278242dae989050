package io.github.nightlymigration.runbook;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A query result as a Tablesaw table. Tablesaw's own JDBC reader refuses PostgreSQL's uuid, jsonb,
 * hstore and array columns (JDBC type OTHER), which both schemas are full of: numbers, booleans, dates
 * and timestamps keep their type here, everything else becomes its text.
 */
final class QueryTable {
    private QueryTable() {}

    static Table of(Result<Record> result, String name) {
        Table table = Table.create(name);
        for (Field<?> field : result.fields()) table.addColumns(column(field));
        for (Record record : result) {
            for (int i = 0; i < result.fields().length; i++) append(table.column(i), record.get(i));
        }
        return table;
    }

    private static Column<?> column(Field<?> field) {
        Class<?> type = field.getType();
        String name = field.getName();
        if (type == Long.class || type == java.math.BigInteger.class) return LongColumn.create(name);
        if (type == Integer.class || type == Short.class) return IntColumn.create(name);
        if (type == Double.class || type == Float.class || type == BigDecimal.class) return DoubleColumn.create(name);
        if (type == Boolean.class) return BooleanColumn.create(name);
        if (type == LocalDate.class || type == java.sql.Date.class) return DateColumn.create(name);
        if (type == LocalDateTime.class || type == java.sql.Timestamp.class) return DateTimeColumn.create(name);
        return StringColumn.create(name);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void append(Column column, Object value) {
        if (value == null) {
            column.appendMissing();
        } else if (column instanceof LongColumn longs) {
            longs.append(((Number) value).longValue());
        } else if (column instanceof IntColumn ints) {
            ints.append(((Number) value).intValue());
        } else if (column instanceof DoubleColumn doubles) {
            doubles.append(((Number) value).doubleValue());
        } else if (value instanceof java.sql.Timestamp timestamp) {
            column.append(timestamp.toLocalDateTime());
        } else if (value instanceof java.sql.Date date) {
            column.append(date.toLocalDate());
        } else if (column instanceof StringColumn strings) {
            strings.append(value instanceof Object[] array ? java.util.Arrays.toString(array) : String.valueOf(value));
        } else {
            column.append(value);
        }
    }
}
