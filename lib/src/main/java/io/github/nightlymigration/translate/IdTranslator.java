package io.github.nightlymigration.translate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.UUID;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectLongHashMap;

/**
 * Old key -> new id, the same on every run. Held in primitive hash maps while a run is going
 * (lookups are on the hot path of million-row tables) and persisted by {@link TranslatorFile},
 * which replaces the file atomically so a killed run never leaves it half-written.
 *
 * <p>Thread-safe: table pipelines running in parallel share one translator.
 */
public final class IdTranslator {
    private final EnumMap<IdKind, LongLongHashMap> bigints = new EnumMap<>(IdKind.class);
    private final EnumMap<IdKind, LongObjectHashMap<UUID>> uuids = new EnumMap<>(IdKind.class);
    private final EnumMap<IdKind, ObjectLongHashMap<PartKey>> parts = new EnumMap<>(IdKind.class);
    private final long[] highWater = new long[IdKind.values().length];
    private boolean changed;

    /** A key made of an old row id and a part of that row. */
    record PartKey(long oldId, String part) {
        static final Comparator<PartKey> ORDER =
                Comparator.comparingLong(PartKey::oldId).thenComparing(PartKey::part);
    }

    /** Receives translations in key order: {@code part} is null for simple kinds, {@code uuid} for uuid kinds. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(long oldId, String part, long bigint, UUID uuid);
    }

    public IdTranslator() {
        for (IdKind kind : IdKind.values()) {
            if (kind.composite) parts.put(kind, new ObjectLongHashMap<>());
            else if (kind.uuid) uuids.put(kind, new LongObjectHashMap<>());
            else bigints.put(kind, new LongLongHashMap());
        }
    }

    /** Opens a translator file, refusing a damaged one; a missing file gives an empty translator. */
    public static IdTranslator open(Path file) {
        return TranslatorFile.read(file);
    }

    /** Writes the translator to {@code file} atomically (temp file, fsync, rename). */
    public void save(Path file) {
        TranslatorFile.write(this, file);
        synchronized (this) {
            changed = false;
        }
    }

    public synchronized UUID uuid(IdKind kind, long oldId) {
        LongObjectHashMap<UUID> map = uuidMap(kind);
        UUID id = map.get(oldId);
        if (id == null) {
            id = UUID.randomUUID();
            map.put(oldId, id);
            changed = true;
        }
        return id;
    }

    /** The uuid already given to this key, or null: for rules that must choose among candidates. */
    public synchronized UUID existingUuid(IdKind kind, long oldId) {
        return uuidMap(kind).get(oldId);
    }

    /** Points an old key at a given id (both old ids of a case-merged user share one new id). */
    public synchronized void assign(IdKind kind, long oldId, UUID id) {
        UUID previous = uuidMap(kind).put(oldId, id);
        if (!id.equals(previous)) changed = true;
    }

    public synchronized long bigint(IdKind kind, long oldId) {
        LongLongHashMap map = bigints.get(kind);
        if (map == null) throw wrongShape(kind);
        long id = map.getIfAbsent(oldId, 0L);
        if (id == 0L) {
            id = ++highWater[kind.ordinal()];
            map.put(oldId, id);
            changed = true;
        }
        return id;
    }

    public synchronized long bigint(IdKind kind, long oldId, String part) {
        ObjectLongHashMap<PartKey> map = parts.get(kind);
        if (map == null) throw wrongShape(kind);
        PartKey key = new PartKey(oldId, part);
        long id = map.getIfAbsent(key, 0L);
        if (id == 0L) {
            id = ++highWater[kind.ordinal()];
            map.put(key, id);
            changed = true;
        }
        return id;
    }

    /** The largest bigint ever handed out for this kind (0 if none): sequences go past it. */
    public synchronized long highWater(IdKind kind) {
        return highWater[kind.ordinal()];
    }

    public synchronized int size(IdKind kind) {
        if (kind.composite) return parts.get(kind).size();
        return kind.uuid ? uuids.get(kind).size() : bigints.get(kind).size();
    }

    /** True when ids were handed out or re-pointed since the translator was opened or saved. */
    public synchronized boolean changed() {
        return changed;
    }

    /** Visits every translation of a kind in key order (old id, then part). */
    public synchronized void forEach(IdKind kind, EntryVisitor visitor) {
        if (kind.composite) {
            ObjectLongHashMap<PartKey> map = parts.get(kind);
            List<PartKey> keys = new ArrayList<>(map.keySet());
            keys.sort(PartKey.ORDER);
            for (PartKey key : keys) visitor.visit(key.oldId(), key.part(), map.get(key), null);
        } else if (kind.uuid) {
            LongObjectHashMap<UUID> map = uuids.get(kind);
            for (long key : map.keySet().toSortedArray()) visitor.visit(key, null, 0L, map.get(key));
        } else {
            LongLongHashMap map = bigints.get(kind);
            for (long key : map.keySet().toSortedArray()) visitor.visit(key, null, map.get(key), null);
        }
    }

    /** Loads one stored translation: for the file reader and the restore from a CSV export. */
    public synchronized void load(IdKind kind, long oldId, String part, long bigint, UUID uuid) {
        if (kind.composite) parts.get(kind).put(new PartKey(oldId, part), bigint);
        else if (kind.uuid) uuids.get(kind).put(oldId, uuid);
        else bigints.get(kind).put(oldId, bigint);
        if (!kind.uuid) highWater[kind.ordinal()] = Math.max(highWater[kind.ordinal()], bigint);
    }

    synchronized void raiseHighWater(IdKind kind, long value) {
        highWater[kind.ordinal()] = Math.max(highWater[kind.ordinal()], value);
    }

    private LongObjectHashMap<UUID> uuidMap(IdKind kind) {
        LongObjectHashMap<UUID> map = uuids.get(kind);
        if (map == null) throw wrongShape(kind);
        return map;
    }

    private static IllegalArgumentException wrongShape(IdKind kind) {
        return new IllegalArgumentException("translator kind " + kind + " is "
                + (kind.composite ? "keyed by old id + part" : kind.uuid ? "uuid-valued" : "bigint-valued"));
    }
}
