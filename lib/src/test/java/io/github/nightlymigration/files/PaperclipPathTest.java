package io.github.nightlymigration.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperclipPathTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(tmp.resolve("app")).toRealPath();
        outside = Files.writeString(tmp.resolve("secret.txt"), "secret");
    }

    @Test
    void idPartitionPadsToNineDigits() {
        assertEquals("000/000/042", PaperclipPath.idPartition(42));
        assertEquals("001/234/567", PaperclipPath.idPartition(1234567));
        assertEquals("999/999/999", PaperclipPath.idPartition(999_999_999));
        // Outside 0..999,999,999 as Paperclip computes it: ("%09d" % id).scan(/\d{3}/).join("/")
        assertEquals("100/000/000", PaperclipPath.idPartition(1_000_000_000L));
        assertEquals("123/456/789/012", PaperclipPath.idPartition(1_234_567_890_123L));
        assertEquals("000/000", PaperclipPath.idPartition(-1));
        assertEquals("012/345", PaperclipPath.idPartition(-1_234_567));
    }

    @Test
    void legacyPathFollowsPaperclipsLayout() {
        assertEquals("public/system/comments/attachments/000/000/042/original/my file.pdf",
                PaperclipPath.legacyPath(42, "my file.pdf"));
    }

    @Test
    void resolvesAnExistingFileInsideTheRoot() throws IOException {
        String legacy = PaperclipPath.legacyPath(7, "résumé final.pdf");
        Path file = root.resolve(legacy);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        assertEquals(file, PaperclipPath.Root.of(root).resolve(legacy));
    }

    @Test
    void missingFileIsNotUnsafe() {
        assertThrows(NoSuchFileException.class,
                () -> PaperclipPath.Root.of(root).resolve(PaperclipPath.legacyPath(8, "gone")));
    }

    @Test
    void refusesTraversalAbsoluteNulAndOtherDirectories() {
        unsafe(PaperclipPath.legacyPath(1, "../../../../../../../../secret.txt"), "'..'");
        unsafe(outside.toString(), "absolute");
        unsafe(PaperclipPath.legacyPath(1, "a\0b"), "NUL");
        unsafe("public/system/comments/attachments//x", "empty");
        unsafe("public/system/comments/attachments/./x", "'.'");
        unsafe("config/database.yml", "not under");
    }

    @Test
    void refusesASymlinkPointingOutside() throws IOException {
        String legacy = PaperclipPath.legacyPath(3, "link.txt");
        Path link = root.resolve(legacy);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, outside);
        unsafe(legacy, "symlink");
    }

    @Test
    void refusesADirectorySymlinkPointingOutside() throws IOException {
        Path partition = root.resolve("public/system/comments/attachments/000/000");
        Files.createDirectories(partition);
        Files.createSymbolicLink(partition.resolve("004"), tmp);
        Files.createDirectories(tmp.resolve("original"));
        Files.writeString(tmp.resolve("original/file.txt"), "outside");
        unsafe(PaperclipPath.legacyPath(4, "file.txt"), "symlink");
    }

    @Test
    void acceptsASymlinkThatStaysInside() throws IOException {
        String target = PaperclipPath.legacyPath(5, "real.txt");
        Files.createDirectories(root.resolve(target).getParent());
        Files.writeString(root.resolve(target), "inside");
        String legacy = PaperclipPath.legacyPath(6, "alias.txt");
        Files.createDirectories(root.resolve(legacy).getParent());
        Files.createSymbolicLink(root.resolve(legacy), root.resolve(target));
        assertEquals(root.resolve(target), PaperclipPath.Root.of(root).resolve(legacy));
    }

    @Test
    void followsASymlinkedPublicSystemAsCapistranoDeploysIt() throws IOException {
        Path shared = Files.createDirectories(tmp.resolve("shared/system/comments/attachments/000/000/009/original"));
        Files.writeString(shared.resolve("a.pdf"), "shared");
        Files.createDirectories(root.resolve("public"));
        Files.createSymbolicLink(root.resolve("public/system"), tmp.resolve("shared/system"));
        PaperclipPath.Root files = PaperclipPath.Root.of(root);

        assertEquals(shared.resolve("a.pdf").toRealPath(), files.resolve(PaperclipPath.legacyPath(9, "a.pdf")));
        assertEquals(PaperclipPath.legacyPath(9, "a.pdf"), files.legacyPathOf(shared.resolve("a.pdf").toRealPath()));
        Files.createSymbolicLink(shared.resolve("escape.txt"), outside);
        unsafe(PaperclipPath.legacyPath(9, "escape.txt"), "symlink");
    }

    private void unsafe(String legacyPath, String reasonPart) {
        PaperclipPath.UnsafePathException e = assertThrows(PaperclipPath.UnsafePathException.class,
                () -> PaperclipPath.Root.of(root).resolve(legacyPath));
        assertTrue(e.getMessage().contains(reasonPart), e.getMessage());
    }

    @Test
    void aNameIsFoundInEitherNormalisationFormAndSaysWhichSpellingMatched() throws IOException {
        String nfc = PaperclipPath.legacyPath(7, "caf\u00e9.png");
        String nfd = PaperclipPath.legacyPath(7, "cafe\u0301.png");
        assertEquals(java.util.List.of(nfc, nfd), PaperclipPath.spellings(nfc));
        assertEquals(java.util.List.of(nfd, nfc), PaperclipPath.spellings(nfd));
        assertEquals("NFD", PaperclipPath.normalisationForm(nfd));
        Path onDisk = root.resolve(nfd);
        Files.createDirectories(onDisk.getParent());
        Files.writeString(onDisk, "x");
        PaperclipPath.Root r = PaperclipPath.Root.of(root);

        PaperclipPath.Found found = r.resolveAnySpelling(nfc);

        assertEquals(onDisk.toRealPath(), found.file());
        assertEquals(nfd, found.legacyPath());
        assertThrows(NoSuchFileException.class, () -> r.resolve(nfc), "resolve itself stays exact");
        assertThrows(NoSuchFileException.class, () -> r.resolveAnySpelling(PaperclipPath.legacyPath(7, "other.png")));
    }
}
