package io.github.nightlymigration.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentCsvTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryColumnIncludingEmptyOnesAndAwkwardNames() {
        List<AttachmentRow> rows = List.of(ExportManifestTest.row(1, "a.pdf"),
                ExportManifestTest.row(2, "comma, \"quote\"\nnewline ünïcode.txt"), ExportManifestTest.row(3, "c"));
        Path file = dir.resolve("attachments.csv");
        AttachmentCsv.write(file, rows);
        assertEquals(rows, AttachmentCsv.read(file));
    }

    @Test
    void writesTheAgreedHeader() throws IOException {
        Path file = dir.resolve("attachments.csv");
        AttachmentCsv.write(file, List.of());
        assertEquals("attachment_id,old_comment_id,request_id,legacy_path,storage_key,filename,content_type,byte_size",
                Files.readString(file).strip());
    }

    @Test
    void refusesAWrongHeader() throws IOException {
        Path file = Files.writeString(dir.resolve("attachments.csv"), "id,path\n");
        ExportVerificationException e = assertThrows(ExportVerificationException.class, () -> AttachmentCsv.read(file));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void refusesAMalformedValueNamingLineAndColumn() throws IOException {
        Path file = dir.resolve("attachments.csv");
        AttachmentCsv.write(file, List.of(ExportManifestTest.row(1, "a.pdf")));
        Files.writeString(file, Files.readString(file).replaceFirst("\r\n[0-9a-f-]{36},", "\r\nnot-a-uuid,"));
        ExportVerificationException e = assertThrows(ExportVerificationException.class, () -> AttachmentCsv.read(file));
        assertTrue(e.getMessage().contains("line 2: attachment_id 'not-a-uuid' is not a UUID"), e.getMessage());
    }
}
