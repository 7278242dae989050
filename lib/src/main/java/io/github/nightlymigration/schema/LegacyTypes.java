package io.github.nightlymigration.schema;

import io.github.nightlymigration.pgbinary.BinaryType;
import java.util.Map;
import java.util.Set;
import org.jooq.DataType;

/**
 * Which legacy column types the rules can read as the generated legacy schema declares them. The reader casts
 * integers to the declared width ({@code engine/CopyOutRows}), so a column the old app widened (integer to bigint,
 * Rails' default for references since 5.1) reads the same; any text type reads as text. Anything else is a change
 * the rules were not written for.
 */
final class LegacyTypes {
    private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8");
    private static final Map<BinaryType, Set<String>> READABLE = Map.of(
            BinaryType.INT2, Set.of("int2"), BinaryType.INT4, INTEGERS, BinaryType.INT8, INTEGERS,
            BinaryType.TEXT, Set.of("text", "varchar", "bpchar"), BinaryType.BOOL, Set.of("bool"),
            BinaryType.TIMESTAMP, Set.of("timestamp"), BinaryType.DATE, Set.of("date"), BinaryType.HSTORE, Set.of("hstore"),
            BinaryType.INT4_ARRAY, Set.of("_int2", "_int4", "_int8"));

    private LegacyTypes() {}

    /** True when a live column of PostgreSQL type {@code udt} reads as {@code declared}; unknown declared types: any. */
    static boolean readable(DataType<?> declared, String udt) {
        Set<String> ok = READABLE.get(BinaryType.of(declared));
        return ok == null || ok.contains(udt);
    }

    /** True when the live type is wider than declared (read through a cast: a value past the declared range fails the run). */
    static boolean narrowed(DataType<?> declared, String udt) {
        BinaryType t = BinaryType.of(declared);
        return (t == BinaryType.INT4 || t == BinaryType.INT2) && udt.equals("int8") || t == BinaryType.INT4_ARRAY && udt.equals("_int8");
    }
}
