package io.github.nightlymigration.translate;

import java.util.Comparator;
import java.util.UUID;

/** One translation: {@code part} is null for simple kinds, {@code uuid} set for uuid kinds. */
record Entry(long oldId, String part, long bigint, UUID uuid) {
    /** Key order: old id, then part (the order of every run of entries in the file). */
    static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::oldId)
            .thenComparing(Entry::part, Comparator.nullsFirst(Comparator.naturalOrder()));

    boolean sameKey(Entry other) {
        return oldId == other.oldId && java.util.Objects.equals(part, other.part);
    }
}
