package io.github.nightlymigration.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportManifestTest {

    @TempDir
    Path dir;

    @BeforeEach
    void export() throws IOException {
        AttachmentCsv.write(dir.resolve("attachments.csv"), List.of(
                row(1, "a.pdf"), row(2, "with, comma and \"quotes\"\nand a newline.txt"), row(3, "c.png")));
        Files.writeString(dir.resolve("user_ids.csv"), "old_id,new_id\n1,11\n2,22\n");
        ExportManifest.write(dir, List.of("attachments.csv", "user_ids.csv"));
    }

    @Test
    void describesRowsBytesAndChecksums() throws IOException {
        ExportManifest manifest = ExportManifest.verify(dir, "attachments.csv");
        ExportManifest.Entry csv = manifest.entry("attachments.csv").orElseThrow();
        assertEquals(3, csv.rows(), "a quoted newline does not make a row");
        assertEquals(Files.size(dir.resolve("attachments.csv")), csv.bytes());
        assertTrue(csv.sha256().matches("[0-9a-f]{64}"));
        assertEquals(2, manifest.entry("user_ids.csv").orElseThrow().rows());
        String json = Files.readString(dir.resolve("manifest.json"));
        assertTrue(json.contains("\"format\" : 1") || json.contains("\"format\": 1"), json);
        assertTrue(json.contains("\"created_at\""), json);
    }

    @Test
    void refusesAMissingFile() throws IOException {
        Files.delete(dir.resolve("user_ids.csv"));
        assertRefused("user_ids.csv: missing");
    }

    @Test
    void refusesAnEditedRowOfTheSameSize() throws IOException {
        Path csv = dir.resolve("user_ids.csv");
        Files.writeString(csv, Files.readString(csv).replace("1,11", "1,12"));
        ExportVerificationException e = assertRefused("user_ids.csv: sha256");
        assertTrue(e.problems().stream().noneMatch(p -> p.contains("size")), e.getMessage());
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path csv = dir.resolve("user_ids.csv");
        Files.writeString(csv, "old_id,new_id\n1,11\n");
        ExportVerificationException e = assertRefused("user_ids.csv: size");
        assertTrue(e.getMessage().contains("user_ids.csv: 1 data rows, manifest says 2"), e.getMessage());
    }

    @Test
    void refusesAManifestWithAWrongChecksum() throws IOException {
        Path manifest = dir.resolve("manifest.json");
        String sha = ExportManifest.read(dir).entry("attachments.csv").orElseThrow().sha256();
        Files.writeString(manifest, Files.readString(manifest).replace(sha, "0".repeat(64)));
        assertRefused("attachments.csv: sha256 " + sha + ", manifest says " + "0".repeat(64));
    }

    @Test
    void refusesAWrongRowCount() throws IOException {
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"rows\" ?: ?3", "\"rows\" : 4"));
        assertRefused("attachments.csv: 3 data rows, manifest says 4");
    }

    @Test
    void refusesAnExportWithoutManifestOrWithoutTheRequiredFile() throws IOException {
        ExportVerificationException unlisted = assertThrows(ExportVerificationException.class,
                () -> ExportManifest.verify(dir, "attachments.csv", "comments.csv"));
        assertTrue(unlisted.getMessage().contains("comments.csv: not listed"), unlisted.getMessage());
        Files.delete(dir.resolve("manifest.json"));
        ExportVerificationException missing = assertThrows(ExportVerificationException.class,
                () -> ExportManifest.verify(dir));
        assertTrue(missing.getMessage().contains("manifest.json is missing"), missing.getMessage());
        assertEquals(65, missing.exitCode());
    }

    @Test
    void rewritingLeavesNoTemporaryFiles() throws IOException {
        ExportManifest.write(dir, List.of("attachments.csv"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("attachments.csv", "manifest.json", "user_ids.csv"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private ExportVerificationException assertRefused(String expectedProblem) {
        ExportVerificationException e = assertThrows(ExportVerificationException.class,
                () -> ExportManifest.verify(dir, "attachments.csv"));
        assertTrue(e.getMessage().contains(expectedProblem), e.getMessage());
        assertTrue(e.exitCode() != 0);
        return e;
    }

    static AttachmentRow row(long commentId, String name) {
        UUID request = UUID.nameUUIDFromBytes(("r" + commentId).getBytes());
        UUID attachment = UUID.nameUUIDFromBytes(("a" + commentId).getBytes());
        return new AttachmentRow(attachment, commentId, request,
                "public/system/comments/attachments/000/000/00" + commentId + "/original/" + name,
                "requests/" + request + "/" + attachment + "/x", name, commentId == 3 ? null : "image/png",
                commentId == 3 ? null : 1000L + commentId);
    }
}
