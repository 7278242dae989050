package io.github.nightlymigration.translate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A {@link IdKind#sequential sequential} kind during a run: the stored translations, sorted by
 * key, are merge-joined with the lookups, which come in ascending old id because the old table
 * is read in id order. Only the translations this run adds go on, in key order, to tonight's
 * {@link Spool}; the stored ones stay where they are. Heap use is the entries of one old row.
 */
final class MergedKind {
    private final IdKind kind;
    private final Iterator<Entry> stored;
    private final Spool tonight;
    private Entry pending;
    private long oldId = Long.MIN_VALUE;
    private final List<Entry> current = new ArrayList<>(4);
    private final List<Entry> added = new ArrayList<>(4);

    MergedKind(IdKind kind, Iterator<Entry> stored, Spool tonight) {
        this.kind = kind;
        this.stored = stored;
        this.tonight = tonight;
    }

    /** The translation of this key, or null; moves the merge up to {@code key}'s old id. */
    Entry find(long key, String part) {
        if (key < oldId) {
            throw new IllegalStateException("translator kind " + kind + " is merge-joined in old-id order, but old id "
                    + key + " was asked for after " + oldId);
        }
        if (key > oldId) moveTo(key);
        for (Entry e : current) {
            if (Objects.equals(e.part(), part)) return e;
        }
        return null;
    }

    /** Adds a translation for the key {@link #find} was just asked for and had none. */
    void add(Entry entry) {
        current.add(entry);
        added.add(entry);
    }

    /** Translations added by this run. */
    long added() {
        return tonight.count() + added.size();
    }

    /** Reads the rest of the stored translations (so all of them were checked) and spools the last added. */
    void finish() {
        moveTo(Long.MAX_VALUE);
    }

    private void moveTo(long key) {
        if (added.size() > 1) Collections.sort(added, Entry.ORDER);
        added.forEach(tonight::add);
        added.clear();
        current.clear();
        while (peek() != null && pending.oldId() < key) pending = null;
        while (peek() != null && pending.oldId() == key) {
            current.add(pending);
            pending = null;
        }
        oldId = key;
    }

    private Entry peek() {
        if (pending == null && stored.hasNext()) pending = stored.next();
        return pending;
    }
}
