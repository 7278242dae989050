package io.github.nightlymigration.rules;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * Values by int key: in an array indexed by the key while the keys are dense, as the old app's serial ids are, so
 * a lookup per row is one array read instead of a hash probe; a key far beyond the others (or negative) goes to a
 * hash map, so one odd id costs no memory. No null values.
 */
final class DenseIntMap<V> {
    /** Keys up to this many times the entries (plus a start) stay in the array. */
    private static final int SPREAD = 4;
    private static final int START = 4096;

    private Object[] dense = new Object[START];
    private int entries;
    private final IntObjectHashMap<V> sparse = new IntObjectHashMap<>();

    void put(int key, V value) {
        if (key >= dense.length && key >= 0 && key < (long) SPREAD * (entries + 1) + START) {
            dense = Arrays.copyOf(dense, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(key + 1L, 2L * dense.length)));
        }
        if (key >= 0 && key < dense.length) {
            if (dense[key] == null) entries++;
            dense[key] = value;
        } else {
            if (!sparse.containsKey(key)) entries++;
            sparse.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        if (key >= 0 && key < dense.length) {
            Object v = dense[key];
            if (v != null || sparse.isEmpty()) return (V) v; // else it may have come before the array reached it
        }
        return sparse.get(key);
    }
}
