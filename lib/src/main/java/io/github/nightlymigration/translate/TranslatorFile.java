package io.github.nightlymigration.translate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.serializer.SerializerArrayTuple;

/**
 * The translator's MapDB file. It is never updated in place: MapDB's own transactions do not
 * survive a kill inside commit(), so a new file is written in full, fsynced and renamed over
 * the old one. A reader therefore sees either the previous or the next complete translator.
 * Every map's entry count is recorded, so a truncated file is caught on open.
 */
final class TranslatorFile {
    static final int FORMAT = 1;
    private static final String META = "meta";

    private TranslatorFile() {}

    static IdTranslator read(Path file) {
        IdTranslator translator = new IdTranslator();
        if (!Files.exists(file)) return translator;
        try {
            if (Files.size(file) == 0) throw new TranslatorDamagedException(file, "is empty", null);
        } catch (IOException e) {
            throw new TranslatorDamagedException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        try (DB db = DBMaker.fileDB(file.toFile()).fileMmapEnableIfSupported().readOnly().fileLockDisable().make()) {
            Map<String, Long> meta = db.treeMap(META, Serializer.STRING, Serializer.LONG).open();
            Long format = meta.get("format");
            if (format == null || format != FORMAT) {
                throw new TranslatorDamagedException(file, "is not a translator file of format " + FORMAT, null);
            }
            for (IdKind kind : IdKind.values()) {
                long expected = meta.getOrDefault("count." + kind.fileName(), -1L);
                long actual = readKind(db, kind, translator);
                if (actual != expected) {
                    throw new TranslatorDamagedException(file, "holds " + actual + " " + kind.fileName()
                            + " translations where its index says " + expected, null);
                }
                translator.raiseHighWater(kind, meta.getOrDefault("high." + kind.fileName(), 0L));
            }
            return translator;
        } catch (TranslatorDamagedException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // MapDB reports damage as assorted runtime errors (header checksum, EOF, array bounds).
            throw new TranslatorDamagedException(file, "is damaged (" + e + ")", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static long readKind(DB db, IdKind kind, IdTranslator translator) {
        String name = kind.fileName();
        if (!db.exists(name)) return -1;
        long count = 0;
        if (kind.composite) {
            BTreeMap<Object[], Long> map = db.treeMap(name, new SerializerArrayTuple(Serializer.LONG, Serializer.STRING),
                    Serializer.LONG).open();
            for (Map.Entry<Object[], Long> e : map.entrySet()) {
                translator.load(kind, (Long) e.getKey()[0], (String) e.getKey()[1], e.getValue(), null);
                count++;
            }
        } else if (kind.uuid) {
            BTreeMap<Long, UUID> map = db.treeMap(name, Serializer.LONG, Serializer.UUID).open();
            for (Map.Entry<Long, UUID> e : map.entrySet()) {
                translator.load(kind, e.getKey(), null, 0L, e.getValue());
                count++;
            }
        } else {
            BTreeMap<Long, Long> map = db.treeMap(name, Serializer.LONG, Serializer.LONG).open();
            for (Map.Entry<Long, Long> e : map.entrySet()) {
                translator.load(kind, e.getKey(), null, e.getValue(), null);
                count++;
            }
        }
        return count;
    }

    static void write(IdTranslator translator, Path file) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(next);
            try (DB db = DBMaker.fileDB(next.toFile()).fileMmapEnableIfSupported().make()) {
                Map<String, Long> meta = db.treeMap(META, Serializer.STRING, Serializer.LONG).create();
                meta.put("format", (long) FORMAT);
                for (IdKind kind : IdKind.values()) {
                    meta.put("count." + kind.fileName(), (long) writeKind(db, kind, translator));
                    meta.put("high." + kind.fileName(), translator.highWater(kind));
                }
            }
            fsync(next);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsync(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write translator " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int writeKind(DB db, IdKind kind, IdTranslator translator) {
        String name = kind.fileName();
        int[] count = {0};
        if (kind.composite) {
            DB.TreeMapSink<Object[], Long> sink = db.treeMap(name,
                    new SerializerArrayTuple(Serializer.LONG, Serializer.STRING), Serializer.LONG).createFromSink();
            translator.forEach(kind, (oldId, part, bigint, uuid) -> {
                sink.put(new Object[] {oldId, part}, bigint);
                count[0]++;
            });
            sink.create();
        } else if (kind.uuid) {
            DB.TreeMapSink<Long, UUID> sink = db.treeMap(name, Serializer.LONG, Serializer.UUID).createFromSink();
            translator.forEach(kind, (oldId, part, bigint, uuid) -> {
                sink.put(oldId, uuid);
                count[0]++;
            });
            sink.create();
        } else {
            DB.TreeMapSink<Long, Long> sink = db.treeMap(name, Serializer.LONG, Serializer.LONG).createFromSink();
            translator.forEach(kind, (oldId, part, bigint, uuid) -> {
                sink.put(oldId, bigint);
                count[0]++;
            });
            sink.create();
        }
        return count[0];
    }

    private static void fsync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path)
                ? new StandardOpenOption[] {StandardOpenOption.READ}
                : new StandardOpenOption[] {StandardOpenOption.WRITE})) {
            channel.force(true);
        }
    }
}
