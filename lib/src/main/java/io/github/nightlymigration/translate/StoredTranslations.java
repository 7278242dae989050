package io.github.nightlymigration.translate;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A published translator as read from disk: the current format, or the MapDB file of earlier versions. */
interface StoredTranslations extends AutoCloseable {
    /** Entries of a kind as stored; for the current format an upper bound when keys were re-pointed. */
    long count(IdKind kind);

    long highWater(IdKind kind);

    Map<String, String> metadata();

    /**
     * The kind's entries in key order. Damage met on the way (bytes that do not check, keys out of
     * order, fewer entries than recorded) is thrown as {@link TranslatorDamagedException}.
     */
    Iterator<Entry> entries(IdKind kind);

    /** The translations of one old id: one, or one per part for composite kinds (a point lookup, no scan). */
    List<Entry> entriesOf(IdKind kind, long oldId);

    @Override
    void close();
}
