package io.github.nightlymigration.newapp;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;
import org.jooq.JSONB;
import org.jooq.postgres.extensions.types.Hstore;

/**
 * PostgreSQL's COPY text format for the value types of both schemas. Hand-written because it
 * is the inner loop of every table: one reused buffer, no per-value formatter objects.
 */
final class CopyText {
    private CopyText() {}

    static void append(StringBuilder line, Object value) {
        if (value == null) {
            line.append("\\N");
        } else if (value instanceof String s) {
            escape(line, s);
        } else if (value.equals(LocalDate.MAX) || value.equals(LocalDate.MIN)) {
            line.append(value.equals(LocalDate.MAX) ? "infinity" : "-infinity");
        } else if (value instanceof UUID || value instanceof Long || value instanceof Integer
                || value instanceof LocalDate) {
            line.append(value);
        } else if (value instanceof LocalDateTime t) {
            timestamp(line, t);
        } else if (value instanceof Boolean b) {
            line.append(b ? 't' : 'f');
        } else if (value instanceof JSONB json) {
            escape(line, json.data());
        } else if (value instanceof Hstore h) {
            escape(line, hstore(h.data()));
        } else if (value instanceof Integer[] array) {
            intArray(line, array);
        } else {
            throw new IllegalArgumentException("no COPY encoding for " + value.getClass().getName());
        }
    }

    private static void escape(StringBuilder line, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case '\b' -> line.append("\\b");
                case '\f' -> line.append("\\f");
                case 0x0b -> line.append("\\v");
                default -> line.append(c);
            }
        }
    }

    /** uuuu-MM-dd HH:mm:ss.ffffff: exact to the microsecond, like timestamp(6). */
    private static void timestamp(StringBuilder line, LocalDateTime t) {
        if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) { // PostgreSQL's infinity, as the driver reads it
            line.append(t.equals(LocalDateTime.MAX) ? "infinity" : "-infinity");
            return;
        }
        line.append(t.toLocalDate()).append(' ');
        pad2(line, t.getHour()).append(':');
        pad2(line, t.getMinute()).append(':');
        pad2(line, t.getSecond()).append('.');
        String micros = Integer.toString(t.getNano() / 1000);
        for (int i = micros.length(); i < 6; i++) line.append('0');
        line.append(micros);
    }

    private static StringBuilder pad2(StringBuilder line, int v) {
        if (v < 10) line.append('0');
        return line.append(v);
    }

    private static String hstore(Map<String, String> data) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : data.entrySet()) {
            if (out.length() > 0) out.append(", ");
            quote(out, e.getKey());
            out.append("=>");
            if (e.getValue() == null) out.append("NULL");
            else quote(out, e.getValue());
        }
        return out.toString();
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') out.append('\\');
            out.append(c);
        }
        out.append('"');
    }

    private static void intArray(StringBuilder line, Integer[] array) {
        line.append('{');
        for (int i = 0; i < array.length; i++) {
            if (i > 0) line.append(',');
            line.append(array[i] == null ? "NULL" : array[i].toString());
        }
        line.append('}');
    }
}
