package io.github.nightlymigration.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslatorFileTest {
    @TempDir Path dir;

    private Path file() {
        return dir.resolve("translator.db");
    }

    private Path saved() {
        try (IdTranslator t = IdTranslator.open(file())) {
            for (int i = 1; i <= 5_000; i++) {
                t.uuid(IdKind.USER, i);
                t.bigint(IdKind.COMMENT, i * 3L);
            }
            t.bigint(IdKind.REQUEST_FORMAT, 7, "poster");
            t.bigint(IdKind.REQUEST_FORMAT, 7, "affiche été, \"grande\"");
            t.bigint(IdKind.REQUEST_FORMAT, 10, "");
            t.save();
        }
        return file();
    }

    @Test
    void roundTripKeepsEveryIdAndTheHighWater() {
        UUID ana;
        long c;
        long f;
        try (IdTranslator t = IdTranslator.open(file())) {
            ana = t.uuid(IdKind.USER, 1);
            c = t.bigint(IdKind.COMMENT, 42);
            f = t.bigint(IdKind.REQUEST_FORMAT, 7, "海报 poster");
            t.assign(IdKind.USER, 2, ana);
            t.save();
        }
        try (IdTranslator back = IdTranslator.open(file())) {
            assertEquals(ana, back.uuid(IdKind.USER, 1));
            assertEquals(ana, back.uuid(IdKind.USER, 2));
            assertEquals(c, back.bigint(IdKind.COMMENT, 42));
            assertEquals(f, back.bigint(IdKind.REQUEST_FORMAT, 7, "海报 poster"));
            assertEquals(c + 1, back.bigint(IdKind.COMMENT, 43), "fresh ids continue after the largest one given");
        }
        try (IdTranslator again = IdTranslator.open(file())) {
            assertTrue(!again.changed());
        }
    }

    @Test
    void compositeKeysInAnyOrderSurviveTheSortedWrite() {
        try (IdTranslator back = IdTranslator.open(saved())) {
            assertEquals(3, back.size(IdKind.REQUEST_FORMAT));
            assertEquals(5_000, back.size(IdKind.COMMENT));
            assertEquals(15_000, back.highWater(IdKind.COMMENT) * 3);
            List<String> parts = new ArrayList<>();
            back.forEach(IdKind.REQUEST_FORMAT, (oldId, part, bigint, uuid) -> parts.add(oldId + "/" + part));
            assertEquals(List.of("7/affiche été, \"grande\"", "7/poster", "10/"), parts);
        }
    }

    @Test
    void mergeKeepsStoredIdsGivesNewOnesAndCarriesOverRowsNoLongerRead() {
        saved(); // old comments 3, 6, ..., 15000 -> 1 .. 5000
        Map<Long, Long> tonight = new TreeMap<>();
        try (IdTranslator t = IdTranslator.open(file())) {
            for (long old = 1; old <= 9_000; old++) {
                if (old % 7 != 0) tonight.put(old, t.bigint(IdKind.COMMENT, old)); // multiples of 7 were deleted
            }
            t.save();
        }
        Map<Long, Long> stored = new TreeMap<>();
        try (IdTranslator back = IdTranslator.open(file())) {
            back.forEach(IdKind.COMMENT, (oldId, part, bigint, uuid) -> stored.put(oldId, bigint));
            assertEquals(stored.size(), back.size(IdKind.COMMENT));
        }
        tonight.forEach((old, id) -> {
            if (old % 3 == 0) assertEquals(old / 3, id, "stored id of old comment " + old);
            else assertTrue(id > 5_000, "fresh id past the high-water mark for old comment " + old);
            assertEquals(id, stored.get(old), "saved: old comment " + old);
        });
        assertEquals(tonight.size(), tonight.values().stream().distinct().count(), "no id given twice");
        for (long old = 3; old <= 15_000; old += 3) assertEquals(old / 3, stored.get(old), "carried over: " + old);
        long fresh = tonight.keySet().stream().filter(old -> old % 3 != 0).count();
        assertEquals(5_000 + fresh, stored.size());
    }

    @Test
    void sequentialKindsMustBeAskedInOldIdOrder() {
        try (IdTranslator t = IdTranslator.open(file())) {
            t.bigint(IdKind.NOTIFICATION, 10);
            t.bigint(IdKind.NOTIFICATION, 10);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.bigint(IdKind.NOTIFICATION, 9));
            assertTrue(e.getMessage().contains("NOTIFICATION") && e.getMessage().contains("9"), e.getMessage());
        }
    }

    @Test
    void closingWithoutSavingLeavesTheFileAsItWas() throws Exception {
        byte[] before = Files.readAllBytes(saved());
        try (IdTranslator t = IdTranslator.open(file())) {
            t.bigint(IdKind.COMMENT, 1);
            t.uuid(IdKind.USER, 99_999);
            assertTrue(t.changed());
        }
        assertArrayEquals(before, Files.readAllBytes(file()));
        assertFalse(Files.exists(dir.resolve("translator.db.next")), "the unpublished next file is removed");
    }

    /** Kernel > Interrupt while a comment's translation is read: the JDK closes the channel; the file is not to blame. */
    @Test
    void anInterruptedReadIsNotDamage() throws Exception {
        byte[] before = Files.readAllBytes(saved());
        try (IdTranslator t = IdTranslator.open(file())) {
            Thread.currentThread().interrupt();
            try {
                RuntimeException e = assertThrows(RuntimeException.class, () -> t.bigint(IdKind.COMMENT, 3));
                assertFalse(e instanceof MigratorException, "no restore advice for an interrupt: " + e);
                assertTrue(e.getMessage().contains("was interrupted") && e.getMessage().contains(file().toString()),
                        e.getMessage());
            } finally {
                Thread.interrupted();
            }
        }
        assertArrayEquals(before, Files.readAllBytes(file()));
        try (IdTranslator t = IdTranslator.open(file())) {
            assertEquals(5_000, t.size(IdKind.COMMENT), "the next run reads it whole");
        }
    }

    @Test
    void missingFileIsAnEmptyTranslator() {
        try (IdTranslator t = IdTranslator.open(dir.resolve("none.db"))) {
            assertEquals(0, t.size(IdKind.USER));
            assertEquals(0, t.size(IdKind.COMMENT));
        }
    }

    @Test
    void truncatedFileIsRefused() throws Exception {
        Path file = saved();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        assertRefused(file);
    }

    @Test
    void zeroedHeaderIsRefused() throws Exception {
        Path file = saved();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(new byte[64]);
        }
        assertRefused(file);
    }

    @Test
    void emptyOrForeignFileIsRefused() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertRefused(empty);
        Path foreign = Files.writeString(dir.resolve("foreign.db"), "id,name\n1,not a translator\n".repeat(100));
        assertRefused(foreign);
    }

    @Test
    void aNightWithoutNewIdsWritesNothing() throws Exception {
        byte[] before = Files.readAllBytes(saved());
        try (IdTranslator t = IdTranslator.open(file())) {
            for (int i = 1; i <= 5_000; i++) {
                t.uuid(IdKind.USER, i);
                t.bigint(IdKind.COMMENT, i * 3L);
            }
            assertFalse(t.changed());
            t.save();
        }
        assertArrayEquals(before, Files.readAllBytes(file()));
    }

    @Test
    void aNightWithNewIdsAppendsOnlyThose() throws Exception {
        long before = Files.size(saved());
        UUID user;
        long comment;
        try (IdTranslator t = IdTranslator.open(file())) {
            user = t.uuid(IdKind.USER, 5_001);
            comment = t.bigint(IdKind.COMMENT, 15_003);
            t.bigint(IdKind.REQUEST_FORMAT, 7, "poster"); // stored
            t.bigint(IdKind.REQUEST_FORMAT, 11, "web");
            t.save();
        }
        long grown = Files.size(file()) - before;
        assertTrue(grown > 0 && grown < 2_000, "3 new ids appended, not the 5,003 rewritten: " + grown + " bytes");
        try (IdTranslator back = IdTranslator.open(file())) {
            assertEquals(5_001, back.size(IdKind.USER));
            assertEquals(user, back.uuid(IdKind.USER, 5_001));
            assertEquals(comment, back.bigint(IdKind.COMMENT, 15_003));
            assertEquals(5_001, back.size(IdKind.COMMENT));
            List<String> parts = new ArrayList<>();
            back.forEach(IdKind.REQUEST_FORMAT, (oldId, part, bigint, uuid) -> parts.add(oldId + "/" + part + "=" + bigint));
            assertEquals(List.of("7/affiche été, \"grande\"=2", "7/poster=1", "10/=3", "11/web=4"), parts);
        }
        try (TranslatorReader reader = TranslatorReader.open(file())) {
            assertEquals(List.of("affiche été, \"grande\"", "poster"),
                    reader.of(IdKind.REQUEST_FORMAT, 7).stream().map(TranslatorReader.Translation::part).toList());
            assertEquals("4", reader.of(IdKind.REQUEST_FORMAT, 11).get(0).newId());
            assertEquals(user.toString(), reader.of(IdKind.USER, 5_001).get(0).newId());
            assertEquals(List.of(), reader.of(IdKind.COMMENT, 4));
        }
    }

    @Test
    void rePointedKeysAndTheIdentitySurviveLaterSegmentsAndCompaction() {
        saved();
        UUID one;
        TranslatorIdentity identity;
        try (IdTranslator t = IdTranslator.open(file())) {
            one = t.uuid(IdKind.USER, 1);
            t.assign(IdKind.USER, 2, one);
            t.save();
            identity = t.identity();
        }
        for (int night = 0; night < 20; night++) { // every night 300 new comments: compacts along the way
            try (IdTranslator t = IdTranslator.open(file())) {
                assertEquals(one, t.uuid(IdKind.USER, 2));
                assertEquals(new TranslatorIdentity(identity.installation(), identity.generation() + night), t.identity());
                for (long old = 20_000 + night * 300L; old < 20_300 + night * 300L; old++) t.bigint(IdKind.COMMENT, old);
                t.save();
            }
        }
        try (IdTranslator back = IdTranslator.open(file())) {
            assertEquals(one, back.uuid(IdKind.USER, 2));
            assertEquals(5_000, back.size(IdKind.USER));
            assertEquals(5_000 + 20 * 300, back.size(IdKind.COMMENT));
            assertEquals(5_000 + 20 * 300, back.highWater(IdKind.COMMENT));
            assertEquals(new TranslatorIdentity(identity.installation(), identity.generation() + 20), back.identity());
        }
    }

    @Test
    void bytesAKilledSaveLeftPastTheEndAreIgnored() throws Exception {
        Map<String, String> before = translations(saved());
        byte[] good = Files.readAllBytes(file());
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.seek(raf.length());
            raf.write(new byte[10_000]); // a segment written, its header never
            raf.write("half a segment".getBytes());
        }
        assertEquals(before, translations(file()));
        try (IdTranslator t = IdTranslator.open(file())) {
            t.bigint(IdKind.COMMENT, 20_000);
            t.save();
        }
        Map<String, String> after = translations(file());
        assertEquals(before.size() + 1, after.size());
        assertTrue(after.entrySet().containsAll(before.entrySet()));
        assertTrue(Files.size(file()) < good.length + 1_000, "the leftover bytes were overwritten");
    }

    @Test
    void aTornHeaderFallsBackToThePreviousNight() throws Exception {
        Map<String, String> before = translations(saved());
        try (IdTranslator t = IdTranslator.open(file())) {
            t.bigint(IdKind.COMMENT, 20_000);
            t.save(); // generation 2: the first slot
        }
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.seek(512 + 20);
            raf.write(new byte[] {1, 2, 3}); // killed while writing that slot
        }
        assertEquals(before, translations(file()));
    }

    @Test
    void aMapDbTranslatorOfAnEarlierVersionIsConvertedOnce() throws Exception {
        Map<UUID, Long> users = new TreeMap<>();
        try (org.mapdb.DB db = org.mapdb.DBMaker.fileDB(file().toFile()).make()) {
            Map<String, Long> meta = db.treeMap("meta", org.mapdb.Serializer.STRING, org.mapdb.Serializer.LONG).create();
            meta.put("format", 1L);
            for (IdKind kind : IdKind.values()) {
                org.mapdb.DB.TreeMapSink<Object, Object> sink = legacySink(db, kind);
                long count = 0;
                for (long old = 1; old <= 3; old++) {
                    UUID u = UUID.randomUUID();
                    if (kind == IdKind.USER) users.put(u, old);
                    Object value = kind.uuid ? u : (Object) (old * 10);
                    if (kind.composite) {
                        sink.put(new Object[] {old, "a"}, value);
                        sink.put(new Object[] {old, "b"}, value);
                        count += 2;
                    } else {
                        sink.put(old, value);
                        count++;
                    }
                }
                sink.create();
                meta.put("count." + kind.fileName(), count);
                meta.put("high." + kind.fileName(), kind.uuid ? 0L : 30L);
            }
        }
        Map<String, String> read;
        try (TranslatorReader lineage = TranslatorReader.open(file())) { // read-only: reads the old file as it is
            assertEquals(2, lineage.of(IdKind.APPROVAL, 2).size());
        }
        read = translations(file()); // opening for a run converts it
        assertEquals(10 * 3 + 2 * 3, read.size());
        assertEquals("20", read.get("APPROVAL 2/b"));
        users.forEach((u, old) -> assertEquals(u.toString(), read.get("USER " + old + "/null")));
        assertTrue(Files.exists(dir.resolve("translator.db.mapdb")), "the original is kept");
        assertEquals(read, translations(file()));
        try (IdTranslator again = IdTranslator.open(file())) {
            assertEquals(31, again.bigint(IdKind.COMMENT, 4), "ids continue after the converted high-water mark");
        }
    }

    /** One kind's map as the MapDB translator of earlier versions built it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static org.mapdb.DB.TreeMapSink<Object, Object> legacySink(org.mapdb.DB db, IdKind kind) {
        org.mapdb.serializer.GroupSerializer key = kind.composite
                ? new org.mapdb.serializer.SerializerArrayTuple(org.mapdb.Serializer.LONG, org.mapdb.Serializer.STRING)
                : org.mapdb.Serializer.LONG;
        org.mapdb.serializer.GroupSerializer value = kind.uuid ? org.mapdb.Serializer.UUID : org.mapdb.Serializer.LONG;
        return (org.mapdb.DB.TreeMapSink) db.treeMap(kind.fileName(), key, value).createFromSink();
    }

    private static Map<String, String> translations(Path file) {
        Map<String, String> all = new TreeMap<>();
        try (IdTranslator ids = IdTranslator.open(file)) {
            for (IdKind kind : IdKind.values()) {
                ids.forEach(kind, (oldId, part, bigint, uuid) ->
                        all.put(kind + " " + oldId + "/" + part, uuid != null ? uuid.toString() : Long.toString(bigint)));
            }
        }
        return all;
    }

    private static void assertRefused(Path file) {
        MigratorException e = assertThrows(MigratorException.class, () -> IdTranslator.open(file).close());
        assertEquals(MigratorException.TRANSLATOR, e.exitCode());
        assertTrue(e.getMessage().contains("--restore-translator"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
