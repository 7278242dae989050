package io.github.nightlymigration.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.nightlymigration.export.AttachmentRow;

class StagingTreeTest {

    @TempDir
    Path dir;

    @Test
    void mirrorsTheTargetKeysWithHardLinksAndSkipsWhatIsAlreadyStaged() throws IOException {
        Path root = Files.createDirectories(dir.resolve("app"));
        List<AttachmentRow> rows = new ArrayList<>();
        rows.add(write(root, 1, "a file.pdf", "A"));
        rows.add(write(root, 2, "日本.txt", "B"));
        rows.add(row(3, PaperclipPath.legacyPath(3, "missing.txt"), "missing.txt"));
        rows.add(row(4, PaperclipPath.legacyPath(4, "../../../../../../../../etc/passwd"), "passwd"));
        // NFC in the database, NFD on disk (a copy through a Mac): the same file.
        write(root, 5, "cafe\u0301.txt", "C");
        rows.add(row(5, PaperclipPath.legacyPath(5, "caf\u00e9.txt"), "caf\u00e9.txt"));
        Path staging = dir.resolve("staging");

        StagingTree.Result result = StagingTree.stage(rows, root, staging);

        assertEquals(3, result.linked() + result.copied());
        assertEquals(1, result.missing().size());
        assertEquals(1, result.unsafe().size());
        for (AttachmentRow r : rows.subList(0, 2)) {
            assertArrayEquals(Files.readAllBytes(root.resolve(r.legacyPath())),
                    Files.readAllBytes(staging.resolve(r.storageKey())));
        }
        assertEquals("C", Files.readString(staging.resolve(rows.get(4).storageKey())));
        StagingTree.Result again = StagingTree.stage(rows, root, staging);
        assertEquals(3, again.alreadyStaged());
        assertEquals(0, again.linked() + again.copied());
    }

    private static AttachmentRow write(Path root, long commentId, String name, String content) throws IOException {
        String legacy = PaperclipPath.legacyPath(commentId, name);
        Files.createDirectories(root.resolve(legacy).getParent());
        Files.writeString(root.resolve(legacy), content, StandardCharsets.UTF_8);
        return row(commentId, legacy, name);
    }

    private static AttachmentRow row(long commentId, String legacy, String name) {
        UUID request = UUID.randomUUID();
        UUID attachment = UUID.randomUUID();
        return new AttachmentRow(attachment, commentId, request, legacy, StorageKey.of(request, attachment, name),
                name, null, null);
    }
}
