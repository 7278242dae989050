package io.github.nightlymigration.pgbinary;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import org.jooq.DataType;
import org.jooq.postgres.extensions.types.Hstore;

/**
 * The column types whose PostgreSQL binary COPY format this project reads or writes, recognised
 * from a jOOQ data type: one list for both directions (legacy rows in, new rows out). Each side
 * supports the subset it meets and falls back (cursor, text COPY) for the rest.
 */
public enum BinaryType {
    INT2, INT4, INT8, BOOL, UUID, TEXT, JSONB, TIMESTAMP, DATE, HSTORE, INT4_ARRAY;

    /** PostgreSQL's epoch, 2000-01-01, in seconds and days since 1970-01-01. */
    public static final long PG_EPOCH_SECONDS = LocalDate.of(2000, 1, 1).toEpochDay() * 86_400L;
    public static final long PG_EPOCH_DAYS = LocalDate.of(2000, 1, 1).toEpochDay();

    /** The binary type of a column, or null when it has none here. */
    public static BinaryType of(DataType<?> type) {
        Class<?> java = type.getType();
        if (java == Hstore.class) return HSTORE;
        if (java == Integer[].class) return INT4_ARRAY;
        if (type.isArray() || type.getSQLDataType() == null) return null;
        String name = type.getSQLDataType().getTypeName().toLowerCase(Locale.ROOT);
        if (java == Long.class && name.equals("bigint")) return INT8;
        if (java == Integer.class && name.equals("integer")) return INT4;
        if (java == Short.class && name.equals("smallint")) return INT2;
        if (java == Boolean.class && name.equals("boolean")) return BOOL;
        if (java == java.util.UUID.class && name.equals("uuid")) return UUID;
        if (java == String.class && (name.equals("clob") || name.equals("varchar") || name.equals("char")
                || name.equals("text"))) {
            return TEXT;
        }
        if (java == org.jooq.JSONB.class && name.equals("jsonb")) return JSONB;
        if (java == LocalDateTime.class && name.equals("timestamp")) return TIMESTAMP;
        if (java == LocalDate.class && name.equals("date")) return DATE;
        return null;
    }
}
