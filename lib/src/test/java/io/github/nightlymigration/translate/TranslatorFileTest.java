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

    private static void assertRefused(Path file) {
        MigratorException e = assertThrows(MigratorException.class, () -> IdTranslator.open(file).close());
        assertEquals(MigratorException.TRANSLATOR, e.exitCode());
        assertTrue(e.getMessage().contains("--restore-translator"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
