package io.github.nightlymigration.translate;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.serializer.GroupSerializer;
import org.mapdb.serializer.SerializerArrayTuple;

/**
 * The MapDB translator file of earlier versions (format 1), read-only: {@link IdTranslator#open}
 * converts it once to the current format; lineage reads it as it is. MapDB (and the lz4 native
 * library it unpacks into the temp folder) is loaded only when such a file is met.
 */
final class MapDbTranslatorFile implements StoredTranslations {
    private static final long FORMAT = 1;
    private static final String META = "meta";
    private final Path file;
    private final DB db;
    private final Map<String, Long> meta;

    private MapDbTranslatorFile(Path file, DB db, Map<String, Long> meta) {
        this.file = file;
        this.db = db;
        this.meta = meta;
    }

    static MapDbTranslatorFile open(Path file) {
        DB db = null;
        try {
            db = DBMaker.fileDB(file.toFile()).fileMmapEnableIfSupported().readOnly().fileLockDisable().make();
            Map<String, Long> meta = db.treeMap(META, Serializer.STRING, Serializer.LONG).open();
            Long format = meta.get("format");
            if (format == null || format != FORMAT) {
                throw new TranslatorDamagedException(file, "is not a translator file of format " + FORMAT, null);
            }
            MapDbTranslatorFile reader = new MapDbTranslatorFile(file, db, meta);
            for (IdKind kind : IdKind.values()) reader.probe(kind);
            return reader;
        } catch (RuntimeException | Error e) {
            if (db != null) db.close();
            throw damaged(file, e);
        }
    }

    @Override
    public long count(IdKind kind) {
        return meta.getOrDefault("count." + kind.fileName(), -1L);
    }

    @Override
    public long highWater(IdKind kind) {
        return meta.getOrDefault("high." + kind.fileName(), 0L);
    }

    /** The identity, for files written after translators had one (carried over by the conversion). */
    @Override
    public Map<String, String> metadata() {
        Long msb = meta.get("installation.msb");
        Long lsb = meta.get("installation.lsb");
        Long generation = meta.get("generation");
        if (msb == null || lsb == null || generation == null) return Map.of();
        return TranslatorIdentity.metadata(new TranslatorIdentity(new UUID(msb, lsb), generation));
    }

    @Override
    public Iterator<Entry> entries(IdKind kind) {
        Iterator<Map.Entry<Object, Object>> stored = map(kind).entryIterator();
        long expected = count(kind);
        return new Iterator<>() {
            private long read;
            private Entry last;

            @Override
            public boolean hasNext() {
                boolean more = guarded(stored::hasNext);
                if (!more && read != expected) {
                    throw new TranslatorDamagedException(file, "holds " + read + " " + kind.fileName()
                            + " translations where its index says " + expected, null);
                }
                return more;
            }

            @Override
            public Entry next() {
                if (!hasNext()) throw new NoSuchElementException();
                Map.Entry<Object, Object> e = guarded(stored::next);
                Entry entry = entry(kind, e.getKey(), e.getValue());
                if (last != null && Entry.ORDER.compare(last, entry) >= 0) {
                    throw new TranslatorDamagedException(file, "has " + kind.fileName()
                            + " translations out of order after old id " + last.oldId(), null);
                }
                last = entry;
                read++;
                return entry;
            }
        };
    }

    @Override
    public List<Entry> entriesOf(IdKind kind, long oldId) {
        BTreeMap<Object, Object> map = map(kind);
        Map<Object, Object> found = guarded(() -> kind.composite
                ? map.prefixSubMap(new Object[] {oldId}) : oneOrNone(oldId, map.get(oldId)));
        return found.entrySet().stream().map(e -> entry(kind, e.getKey(), e.getValue())).toList();
    }

    private static Map<Object, Object> oneOrNone(long oldId, Object value) {
        return value == null ? Map.of() : Map.of(oldId, value);
    }

    /** Cheap structural check at open: the map exists, its count is recorded, both ends of its tree read. */
    private void probe(IdKind kind) {
        if (count(kind) < 0 || !db.exists(kind.fileName())) {
            throw new TranslatorDamagedException(file, "has no " + kind.fileName() + " translations", null);
        }
        BTreeMap<Object, Object> map = map(kind);
        if (count(kind) > 0 && (map.firstKey() == null || map.lastKey() == null)) {
            throw new TranslatorDamagedException(file, "has an empty " + kind.fileName()
                    + " map where its index says " + count(kind), null);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private BTreeMap<Object, Object> map(IdKind kind) {
        GroupSerializer key = kind.composite ? new SerializerArrayTuple(Serializer.LONG, Serializer.STRING) : Serializer.LONG;
        GroupSerializer value = kind.uuid ? Serializer.UUID : Serializer.LONG;
        return (BTreeMap) db.treeMap(kind.fileName(), key, value).open();
    }

    private static Entry entry(IdKind kind, Object key, Object value) {
        long oldId = kind.composite ? (Long) ((Object[]) key)[0] : (Long) key;
        String part = kind.composite ? (String) ((Object[]) key)[1] : null;
        return kind.uuid ? new Entry(oldId, part, 0L, (UUID) value) : new Entry(oldId, part, (Long) value, null);
    }

    private <T> T guarded(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException | Error e) {
            throw damaged(file, e);
        }
    }

    // MapDB reports damage as assorted runtime errors (header checksum, EOF, array bounds).
    private static TranslatorDamagedException damaged(Path file, Throwable e) {
        return e instanceof TranslatorDamagedException d ? d : new TranslatorDamagedException(file, "is damaged (" + e + ")", e);
    }

    @Override
    public void close() {
        db.close();
    }
}
