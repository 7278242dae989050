package io.github.nightlymigration.translate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;

/**
 * Old key -> new id, the same on every run, persisted by {@link TranslatorFile}.
 *
 * <p>Kinds that later tables point at (users, groups, memberships, requests) are held in
 * primitive hash maps for random lookups. {@link IdKind#sequential Sequential} kinds (formats,
 * approvals, comments, events, attachments, notifications: the big ones) are merge-joined
 * against the sorted file as their old table is read in id order ({@link MergedKind}), so heap
 * use does not grow with them. Saving writes only what this translator handed out or re-pointed
 * (a night with no new ids writes nothing); see {@link TranslatorFile} for how that stays atomic.
 *
 * <p>Lifecycle: {@link #open} or {@link #replacing}, look up, then {@link #save} (publishes
 * what changed atomically) or {@link #close} (drops it: dry run, failure).
 * Thread-safe; a sequential kind must still be asked in ascending old id.
 */
public final class IdTranslator implements AutoCloseable {
    private final Path file;
    private final StoredTranslations stored;
    private final long[] storedCount = new long[IdKind.values().length];
    private final long[] highWater = new long[IdKind.values().length];
    private final EnumMap<IdKind, LongLongHashMap> bigints = new EnumMap<>(IdKind.class);
    private final EnumMap<IdKind, LongObjectHashMap<UUID>> uuids = new EnumMap<>(IdKind.class);
    /** Keys of the in-memory kinds given or re-pointed since open: all a save has to write of them. */
    private final EnumMap<IdKind, LongHashSet> touched = new EnumMap<>(IdKind.class);
    private final EnumMap<IdKind, MergedKind> merged = new EnumMap<>(IdKind.class);
    private final EnumMap<IdKind, Spool> spools = new EnumMap<>(IdKind.class);
    private TranslatorIdentity identity;
    /** A restore keeps the exported identity as it was (none, for an export made before identities). */
    private boolean restored;
    private boolean changed;
    private boolean finished;

    /** Receives translations in key order: {@code part} is null for simple kinds, {@code uuid} for uuid kinds. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(long oldId, String part, long bigint, UUID uuid);
    }

    private IdTranslator(Path file, StoredTranslations stored) {
        this.file = file;
        this.stored = stored;
        for (IdKind kind : IdKind.values()) {
            if (kind.sequential) continue;
            if (kind.uuid) uuids.put(kind, new LongObjectHashMap<>());
            else bigints.put(kind, new LongLongHashMap());
            touched.put(kind, new LongHashSet());
        }
    }

    /**
     * Opens a translator file, refusing a damaged one; a missing file gives an empty translator.
     * A MapDB file of an earlier version is converted once, atomically (the original is kept
     * beside it as {@code translator.db.mapdb}).
     */
    public static IdTranslator open(Path file) {
        removeLeftovers(file);
        StoredTranslations reader = TranslatorFile.open(file);
        if (reader != null && !(reader instanceof TranslatorFile)) reader = MapDbConversion.convert(file, reader);
        IdTranslator ids = new IdTranslator(file, reader);
        if (reader == null) return ids;
        try {
            ids.identity = TranslatorIdentity.of(reader.metadata());
            for (IdKind kind : IdKind.values()) {
                ids.storedCount[kind.ordinal()] = reader.count(kind);
                ids.highWater[kind.ordinal()] = reader.highWater(kind);
                if (kind.sequential) continue;
                for (Iterator<Entry> it = reader.entries(kind); it.hasNext(); ) ids.put(kind, it.next());
            }
            return ids;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * An empty translator whose {@link #save} replaces whatever {@code file} holds then (a restore), keeping
     * {@code identity}, the exported translator's (null: the export has none, and the next run checks the
     * translator against the new database's rows instead).
     */
    public static IdTranslator replacing(Path file, TranslatorIdentity identity) {
        removeLeftovers(file);
        IdTranslator ids = new IdTranslator(file, null);
        ids.identity = identity;
        ids.restored = true;
        ids.changed = true; // written even if the export was empty: the file it replaces is gone
        return ids;
    }

    public synchronized UUID uuid(IdKind kind, long oldId) {
        if (kind.sequential) return lookup(kind, oldId, null).uuid();
        LongObjectHashMap<UUID> map = uuidMap(kind);
        UUID id = map.get(oldId);
        if (id == null) {
            id = UUID.randomUUID();
            map.put(oldId, id);
            touched(kind, oldId);
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
        if (!id.equals(previous)) touched(kind, oldId);
    }

    public synchronized long bigint(IdKind kind, long oldId) {
        if (kind.composite || kind.uuid) throw wrongShape(kind);
        if (kind.sequential) return lookup(kind, oldId, null).bigint();
        LongLongHashMap map = bigints.get(kind);
        long id = map.getIfAbsent(oldId, 0L);
        if (id == 0L) {
            id = ++highWater[kind.ordinal()];
            map.put(oldId, id);
            touched(kind, oldId);
        }
        return id;
    }

    public synchronized long bigint(IdKind kind, long oldId, String part) {
        if (!kind.composite) throw wrongShape(kind);
        return lookup(kind, oldId, part).bigint();
    }

    /** The largest bigint ever handed out for this kind (0 if none): sequences go past it. */
    public synchronized long highWater(IdKind kind) {
        return highWater[kind.ordinal()];
    }

    public synchronized long size(IdKind kind) {
        if (kind.sequential) {
            MergedKind m = merged.get(kind);
            return storedCount[kind.ordinal()] + (m == null ? 0 : m.added());
        }
        return kind.uuid ? uuids.get(kind).size() : bigints.get(kind).size();
    }

    /** True when ids were handed out or re-pointed since the translator was opened. */
    public synchronized boolean changed() {
        return changed;
    }

    /** Changed, or without an identity yet (a new translator, or one written before identities): a publish saves it. */
    public synchronized boolean needsSave() {
        return changed || identity == null;
    }

    /** As stored in the file, or as the last {@link #save} wrote it; null before a translator's first save. */
    public synchronized TranslatorIdentity identity() {
        return identity;
    }

    /** Visits every stored translation of a kind in key order (old id, then part), before any lookup of it. */
    public synchronized void forEach(IdKind kind, EntryVisitor visitor) {
        if (kind.sequential) {
            if (merged.containsKey(kind)) throw new IllegalStateException(kind + " is already being merged by a run");
            if (stored == null) return;
            for (Iterator<Entry> it = stored.entries(kind); it.hasNext(); ) {
                Entry e = it.next();
                visitor.visit(e.oldId(), e.part(), e.bigint(), e.uuid());
            }
        } else if (kind.uuid) {
            LongObjectHashMap<UUID> map = uuids.get(kind);
            for (long key : map.keySet().toSortedArray()) visitor.visit(key, null, 0L, map.get(key));
        } else {
            LongLongHashMap map = bigints.get(kind);
            for (long key : map.keySet().toSortedArray()) visitor.visit(key, null, map.get(key), null);
        }
    }

    /** Loads one translation (a restore from a CSV export); sequential kinds in key order. */
    public synchronized void load(IdKind kind, long oldId, String part, long bigint, UUID uuid) {
        Entry entry = new Entry(oldId, part, bigint, uuid);
        if (kind.sequential) {
            MergedKind m = merged(kind);
            if (m.find(oldId, part) != null) throw new IllegalArgumentException(kind + " " + oldId + " twice");
            m.add(entry);
        } else {
            put(kind, entry);
            touched(kind, oldId);
        }
        if (!kind.uuid) highWater[kind.ordinal()] = Math.max(highWater[kind.ordinal()], bigint);
        changed = true;
    }

    /**
     * Completes the merge of the sequential kinds (every stored translation read and checked),
     * then publishes what changed: nothing when nothing did, else tonight's translations as one
     * more segment, or the whole translator when it is new, restored or due for compaction.
     */
    public synchronized void save() {
        requireOpen();
        long added = 0;
        for (IdKind kind : IdKind.values()) {
            if (kind.sequential) {
                merged(kind).finish();
                added += spool(kind).count();
            } else {
                added += touched.get(kind).size();
            }
        }
        if (needsSave()) {
            TranslatorIdentity saved = restored ? identity : TranslatorIdentity.after(identity);
            if (stored instanceof TranslatorFile current && !current.compactionDue(added)) {
                current.append(contents(false, current, saved));
            } else {
                TranslatorFile.write(file, contents(true, stored, saved));
            }
            identity = saved;
        }
        finished = true;
        release();
    }

    /** Ends the translator without publishing: the file stays as it was opened. */
    @Override
    public synchronized void close() {
        if (finished) return;
        finished = true;
        release();
    }

    /** What a save writes: the whole translator, or only what changed since open. */
    private TranslatorFile.Contents contents(boolean whole, StoredTranslations from, TranslatorIdentity saved) {
        Map<IdKind, Iterator<Entry>> entries = new EnumMap<>(IdKind.class);
        TreeSet<String> parts = new TreeSet<>();
        for (IdKind kind : IdKind.values()) {
            if (kind.sequential) {
                Spool spool = spool(kind);
                parts.addAll(spool.parts());
                entries.put(kind, whole && from != null
                        ? NewestWins.of(List.of(from.entries(kind), spool.entries())) : spool.entries());
            } else {
                long[] keys = whole ? (kind.uuid ? uuids.get(kind).keySet() : bigints.get(kind).keySet()).toSortedArray()
                        : touched.get(kind).toSortedArray();
                entries.put(kind, inMemory(kind, keys));
            }
        }
        if (whole && from instanceof TranslatorFile current) parts.addAll(current.parts());
        return new TranslatorFile.Contents(entries, new ArrayList<>(parts), highWater.clone(),
                TranslatorIdentity.metadata(saved));
    }

    private Iterator<Entry> inMemory(IdKind kind, long[] keys) {
        return java.util.Arrays.stream(keys).mapToObj(key -> kind.uuid ? new Entry(key, null, 0L, uuids.get(kind).get(key))
                : new Entry(key, null, bigints.get(kind).get(key), null)).iterator();
    }

    /** Files a killed save left: an unpublished next file, tonight's spools. */
    private static void removeLeftovers(Path file) {
        try {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".next"));
            for (IdKind kind : IdKind.values()) Files.deleteIfExists(Spool.pathFor(file, kind));
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove what a killed run left beside " + file + ": " + e.getMessage(), e);
        }
    }

    private void release() {
        spools.values().forEach(Spool::close);
        if (stored != null) stored.close();
    }

    private Entry lookup(IdKind kind, long oldId, String part) {
        MergedKind m = merged(kind);
        Entry e = m.find(oldId, part);
        if (e == null) {
            e = kind.uuid ? new Entry(oldId, part, 0L, UUID.randomUUID())
                    : new Entry(oldId, part, ++highWater[kind.ordinal()], null);
            m.add(e);
            changed = true;
        }
        return e;
    }

    private MergedKind merged(IdKind kind) {
        MergedKind m = merged.get(kind);
        if (m == null) {
            requireOpen();
            Iterator<Entry> old = stored == null ? Collections.emptyIterator() : stored.entries(kind);
            m = new MergedKind(kind, old, spool(kind));
            merged.put(kind, m);
        }
        return m;
    }

    private Spool spool(IdKind kind) {
        return spools.computeIfAbsent(kind, k -> new Spool(file, k));
    }

    private void touched(IdKind kind, long oldId) {
        touched.get(kind).add(oldId);
        changed = true;
    }

    private void put(IdKind kind, Entry e) {
        if (kind.uuid) uuidMap(kind).put(e.oldId(), e.uuid());
        else bigints.get(kind).put(e.oldId(), e.bigint());
    }

    private void requireOpen() {
        if (finished) throw new IllegalStateException("translator " + file + " was already saved or closed");
    }

    private LongObjectHashMap<UUID> uuidMap(IdKind kind) {
        LongObjectHashMap<UUID> map = uuids.get(kind);
        if (map == null) throw wrongShape(kind);
        return map;
    }

    private static IllegalArgumentException wrongShape(IdKind kind) {
        return new IllegalArgumentException("translator kind " + kind + " is "
                + (kind.composite ? "keyed by old id + part" : kind.uuid ? "uuid-valued" : "bigint-valued")
                + (kind.sequential ? ", merged in old-id order" : ", held in memory"));
    }
}
