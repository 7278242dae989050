package io.github.nightlymigration.translate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Iterator;
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
 * The translator's MapDB file: one sorted map per {@link IdKind} plus a meta map with each
 * kind's entry count and high-water mark, and the translator's {@link TranslatorIdentity} (absent in files
 * written before it existed). It is never updated in place (MapDB's own
 * transactions do not survive a kill inside commit()): the next file is written in full beside
 * it, fsynced and renamed over it, so a reader sees either the previous or the next complete
 * translator. The recorded counts catch a truncated map.
 */
final class TranslatorFile {
    static final int FORMAT = 1;
    private static final String META = "meta";

    private TranslatorFile() {}

    /** The current file, read-only: small kinds are read whole, sequential kinds streamed in key order. */
    static final class Reader implements AutoCloseable {
        private final Path file;
        private final DB db;
        private final Map<String, Long> meta;

        private Reader(Path file, DB db, Map<String, Long> meta) {
            this.file = file;
            this.db = db;
            this.meta = meta;
        }

        /** Opens and checks the file's structure; null when there is no file yet. */
        static Reader open(Path file) {
            if (!Files.exists(file)) return null;
            try {
                if (Files.size(file) == 0) throw new TranslatorDamagedException(file, "is empty", null);
            } catch (IOException e) {
                throw new TranslatorDamagedException(file, "cannot be read (" + e.getMessage() + ")", e);
            }
            DB db = null;
            try {
                db = DBMaker.fileDB(file.toFile()).fileMmapEnableIfSupported().readOnly().fileLockDisable().make();
                Map<String, Long> meta = db.treeMap(META, Serializer.STRING, Serializer.LONG).open();
                Long format = meta.get("format");
                if (format == null || format != FORMAT) {
                    throw new TranslatorDamagedException(file, "is not a translator file of format " + FORMAT, null);
                }
                Reader reader = new Reader(file, db, meta);
                for (IdKind kind : IdKind.values()) reader.probe(kind);
                return reader;
            } catch (RuntimeException | Error e) {
                if (db != null) db.close();
                throw damaged(file, e);
            }
        }

        long count(IdKind kind) {
            return meta.getOrDefault("count." + kind.fileName(), -1L);
        }

        long highWater(IdKind kind) {
            return meta.getOrDefault("high." + kind.fileName(), 0L);
        }

        /** Null for a file written before translators had an identity. */
        TranslatorIdentity identity() {
            Long msb = meta.get("installation.msb");
            Long lsb = meta.get("installation.lsb");
            Long generation = meta.get("generation");
            if (msb == null || lsb == null || generation == null) return null;
            return new TranslatorIdentity(new java.util.UUID(msb, lsb), generation);
        }

        /**
         * The kind's entries in key order. Damage met on the way (a MapDB error, keys out of
         * order, fewer or more entries than recorded) is thrown as {@link TranslatorDamagedException}.
         */
        Iterator<Entry> entries(IdKind kind) {
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
                    Entry entry = Entry.of(kind, e.getKey(), e.getValue());
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

        /** The translations of one old id: one, or one per part for composite kinds (a point lookup, no scan). */
        java.util.List<Entry> entriesOf(IdKind kind, long oldId) {
            BTreeMap<Object, Object> map = map(kind);
            Map<Object, Object> found = guarded(() -> kind.composite
                    ? map.prefixSubMap(new Object[] {oldId}) : oneOrNone(oldId, map.get(oldId)));
            return found.entrySet().stream().map(e -> Entry.of(kind, e.getKey(), e.getValue())).toList();
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
            return (BTreeMap) db.treeMap(kind.fileName(), keySerializer(kind), valueSerializer(kind)).open();
        }

        private <T> T guarded(java.util.function.Supplier<T> read) {
            try {
                return read.get();
            } catch (TranslatorDamagedException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                throw damaged(file, e);
            }
        }

        @Override
        public void close() {
            db.close();
        }
    }

    /** The next file, written beside the current one while a run goes; published by an atomic rename. */
    static final class Writer {
        private final Path file;
        private final Path next;
        private final DB db;
        private final Map<IdKind, Sink> sinks = new EnumMap<>(IdKind.class);

        private Writer(Path file, Path next, DB db) {
            this.file = file;
            this.next = next;
            this.db = db;
        }

        static Writer create(Path file) {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.deleteIfExists(next); // left by a run that was killed
            } catch (IOException e) {
                throw new UncheckedIOException("could not write translator " + next + ": " + e.getMessage(), e);
            }
            return new Writer(file, next, DBMaker.fileDB(next.toFile()).fileMmapEnableIfSupported().make());
        }

        /** Where a kind's entries go, in strictly ascending key order (MapDB builds the tree bottom-up). */
        Sink sink(IdKind kind) {
            return sinks.computeIfAbsent(kind, k -> new Sink(k, db));
        }

        /** Closes every sink, records counts, high-water marks and identity, then fsyncs and renames over the file. */
        void publish(Map<IdKind, Long> highWater, TranslatorIdentity identity) {
            Map<String, Long> meta = db.treeMap(META, Serializer.STRING, Serializer.LONG).create();
            meta.put("format", (long) FORMAT);
            if (identity != null) {
                meta.put("installation.msb", identity.installation().getMostSignificantBits());
                meta.put("installation.lsb", identity.installation().getLeastSignificantBits());
                meta.put("generation", identity.generation());
            }
            for (IdKind kind : IdKind.values()) {
                meta.put("count." + kind.fileName(), sink(kind).close());
                meta.put("high." + kind.fileName(), highWater.getOrDefault(kind, 0L));
            }
            db.close();
            try {
                fsync(next);
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                fsync(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("could not write translator " + file + ": " + e.getMessage(), e);
            }
        }

        /** Drops the next file: a dry run, a failed run, or nothing changed. */
        void discard() {
            if (!db.isClosed()) db.close();
            try {
                Files.deleteIfExists(next);
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove " + next + ": " + e.getMessage(), e);
            }
        }
    }

    /** One kind's map in the next file. */
    static final class Sink {
        private final IdKind kind;
        private final DB.TreeMapSink<Object, Object> sink;
        private long count;
        private boolean closed;

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Sink(IdKind kind, DB db) {
            this.kind = kind;
            this.sink = (DB.TreeMapSink) db.treeMap(kind.fileName(), keySerializer(kind), valueSerializer(kind))
                    .createFromSink();
        }

        void put(Entry entry) {
            sink.put(entry.key(kind), entry.value(kind));
            count++;
        }

        long close() {
            if (!closed) sink.create();
            closed = true;
            return count;
        }
    }

    @SuppressWarnings("rawtypes")
    private static GroupSerializer keySerializer(IdKind kind) {
        return kind.composite ? new SerializerArrayTuple(Serializer.LONG, Serializer.STRING) : Serializer.LONG;
    }

    @SuppressWarnings("rawtypes")
    private static GroupSerializer valueSerializer(IdKind kind) {
        return kind.uuid ? Serializer.UUID : Serializer.LONG;
    }

    // MapDB reports damage as assorted runtime errors (header checksum, EOF, array bounds).
    private static TranslatorDamagedException damaged(Path file, Throwable e) {
        return e instanceof TranslatorDamagedException d ? d : new TranslatorDamagedException(file, "is damaged (" + e + ")", e);
    }

    private static void fsync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path)
                ? new StandardOpenOption[] {StandardOpenOption.READ}
                : new StandardOpenOption[] {StandardOpenOption.WRITE})) {
            channel.force(true);
        }
    }

    /** One translation: {@code part} is null for simple kinds, {@code uuid} set for uuid kinds. */
    record Entry(long oldId, String part, long bigint, UUID uuid) {
        static final java.util.Comparator<Entry> ORDER = java.util.Comparator.comparingLong(Entry::oldId)
                .thenComparing(Entry::part, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));

        static Entry of(IdKind kind, Object key, Object value) {
            long oldId = kind.composite ? (Long) ((Object[]) key)[0] : (Long) key;
            String part = kind.composite ? (String) ((Object[]) key)[1] : null;
            return kind.uuid ? new Entry(oldId, part, 0L, (UUID) value) : new Entry(oldId, part, (Long) value, null);
        }

        Object key(IdKind kind) {
            return kind.composite ? new Object[] {oldId, part} : (Object) oldId;
        }

        Object value(IdKind kind) {
            return kind.uuid ? uuid : (Object) bigint;
        }
    }
}
