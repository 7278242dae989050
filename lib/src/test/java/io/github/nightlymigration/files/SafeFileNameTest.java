package io.github.nightlymigration.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeFileNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "report.pdf|report.pdf",
            "My Report (final).PDF|My_Report_(final).PDF",
            "résumé.docx|résumé.docx",
            "日本語 ファイル.png|日本語_ファイル.png",
            "../../etc/passwd|etc_passwd",
            "..\\..\\windows\\win.ini|windows_win.ini",
            "/etc/shadow|etc_shadow",
            ".htaccess|htaccess",
            "a..b...c.txt|a.b.c.txt",
            "what?*:<>\".txt|what_.txt",
            "100% & more #1.jpg|100_more_1.jpg",
            "trailing dots...|trailing_dots",
            "  spaced  out  .txt|spaced_out_.txt",
    })
    void sanitises(String raw, String expected) {
        assertEquals(expected, SafeFileName.of(raw));
    }

    @Test
    void removesControlAndFormatCharacters() {
        assertEquals("a_b_c_d.txt", SafeFileName.of("a\tb\nc\u0000d.txt"));
        assertEquals("a_b.txt", SafeFileName.of("a|b.txt"));
        // U+202E (right-to-left override) would make "gpj.exe" display as "exe.jpg".
        assertEquals("photo_gpj.exe", SafeFileName.of("photo\u202Egpj.exe"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ".", "..", "...", "/", "\\", "///", "\u0000", "???"})
    void neverEmptyNorDotSegment(String raw) {
        assertEquals("file", SafeFileName.of(raw));
    }

    @Test
    void nullIsAFileToo() {
        assertEquals("file", SafeFileName.of(null));
    }

    @Test
    void normalisesToNfcSoTheSameNameGivesTheSameKey() {
        String decomposed = "re\u0301sume\u0301.pdf";
        assertEquals(SafeFileName.of("résumé.pdf"), SafeFileName.of(decomposed));
    }

    @Test
    void longNamesKeepTheirExtensionAndFitTheLimit() {
        String name = SafeFileName.of("x".repeat(1000) + ".jpeg");
        assertEquals(SafeFileName.MAX_BYTES, name.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(name.endsWith("x.jpeg"), name);
    }

    @Test
    void longMultibyteNamesAreCutOnCharacterBoundaries() {
        String name = SafeFileName.of("日".repeat(500) + ".txt");
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length <= SafeFileName.MAX_BYTES, "length " + bytes.length);
        assertEquals(name, new String(bytes, StandardCharsets.UTF_8), "no broken character");
        assertTrue(name.endsWith("日.txt"));
        String emoji = SafeFileName.of("\uD83D\uDE00".repeat(300));
        assertEquals(emoji, new String(emoji.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Test
    void aLongExtensionIsNotKeptAtTheExpenseOfTheName() {
        String name = SafeFileName.of("a".repeat(300) + "." + "b".repeat(300));
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= SafeFileName.MAX_BYTES);
        assertTrue(name.startsWith("aaa"), name);
    }

    @Test
    void isDeterministicAndIdempotent() {
        for (String raw : List.of("a b.txt", "../x", "日本語 ファイル.png", "x".repeat(400) + ".pdf")) {
            String once = SafeFileName.of(raw);
            assertEquals(once, SafeFileName.of(raw));
            assertEquals(once, SafeFileName.of(once));
        }
    }

    @Test
    void storageKeysAreAlwaysSafe() {
        UUID request = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID attachment = UUID.fromString("00000000-0000-0000-0000-000000000002");
        assertEquals("requests/00000000-0000-0000-0000-000000000001/00000000-0000-0000-0000-000000000002/a_b.pdf",
                StorageKey.of(request, attachment, "a b.pdf"));
        for (String raw : List.of("..", "../../x", "/abs", "a\\b", "\u0000", "", "x".repeat(2000))) {
            String key = StorageKey.of(request, attachment, raw);
            assertTrue(StorageKey.problem(key).isEmpty(), key);
            assertFalse(List.of(key.split("/")).contains(".."));
        }
    }

    @Test
    void unsafeKeysFromAnExportAreNamed() {
        assertTrue(StorageKey.problem("requests/a/../b").isPresent());
        assertTrue(StorageKey.problem("requests//b").isPresent());
        assertTrue(StorageKey.problem("other/a/b").isPresent());
        assertTrue(StorageKey.problem("requests/a/b\\c").isPresent());
        assertTrue(StorageKey.problem("requests/a/b\nc").isPresent());
        assertTrue(StorageKey.problem("requests/" + "x".repeat(1100)).isPresent());
    }
}
