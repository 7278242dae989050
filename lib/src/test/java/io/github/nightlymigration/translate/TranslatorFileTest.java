package io.github.nightlymigration.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslatorFileTest {
    @TempDir Path dir;

    private Path saved() {
        IdTranslator t = new IdTranslator();
        for (int i = 1; i <= 5_000; i++) {
            t.uuid(IdKind.USER, i);
            t.bigint(IdKind.COMMENT, i * 3L);
        }
        t.bigint(IdKind.REQUEST_FORMAT, 7, "poster");
        t.bigint(IdKind.REQUEST_FORMAT, 7, "affiche été, \"grande\"");
        t.bigint(IdKind.REQUEST_FORMAT, 10, "");
        Path file = dir.resolve("translator.db");
        t.save(file);
        return file;
    }

    @Test
    void roundTripKeepsEveryIdAndTheHighWater() {
        IdTranslator t = new IdTranslator();
        UUID ana = t.uuid(IdKind.USER, 1);
        long c = t.bigint(IdKind.COMMENT, 42);
        long f = t.bigint(IdKind.REQUEST_FORMAT, 7, "海报 poster");
        t.assign(IdKind.USER, 2, ana);
        Path file = dir.resolve("translator.db");
        t.save(file);
        IdTranslator back = IdTranslator.open(file);
        assertEquals(ana, back.uuid(IdKind.USER, 1));
        assertEquals(ana, back.uuid(IdKind.USER, 2));
        assertEquals(c, back.bigint(IdKind.COMMENT, 42));
        assertEquals(f, back.bigint(IdKind.REQUEST_FORMAT, 7, "海报 poster"));
        assertEquals(c + 1, back.bigint(IdKind.COMMENT, 43), "fresh ids continue after the largest one given");
        assertTrue(!IdTranslator.open(file).changed());
    }

    @Test
    void compositeKeysInAnyOrderSurviveTheSortedWrite() {
        IdTranslator back = IdTranslator.open(saved());
        assertEquals(3, back.size(IdKind.REQUEST_FORMAT));
        assertEquals(5_000, back.size(IdKind.COMMENT));
        assertEquals(15_000, back.highWater(IdKind.COMMENT) * 3);
    }

    @Test
    void missingFileIsAnEmptyTranslator() {
        assertEquals(0, IdTranslator.open(dir.resolve("none.db")).size(IdKind.USER));
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
        MigratorException e = assertThrows(MigratorException.class, () -> IdTranslator.open(file));
        assertEquals(MigratorException.TRANSLATOR, e.exitCode());
        assertTrue(e.getMessage().contains("--restore-translator"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
