package io.github.nightlymigration.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.export.AttachmentRow;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** The sync against the in-memory server the benchmark can use: the same S3 API as the disk one, end to end. */
class FileSyncInMemoryServerTest {

    @TempDir
    Path dir;

    @Test
    void uploadsThenSkipsEverythingOnANoChangeRerunAndDeletesTheBucket() throws IOException {
        try (LocalS3Server server = LocalS3Server.inMemory()) {
            assertTrue(server.storeDir().isEmpty());
            SyncFixture f = new SyncFixture(dir, server);
            List<AttachmentRow> rows = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                rows.add(f.addFile("file " + i + ".bin", SyncFixture.randomBytes(1000 + i * 7000, i)));
            }
            f.writeExport();

            SyncReport first = f.sync().run(f.exportDir);
            SyncReport again = f.sync().run(f.exportDir);

            assertFalse(first.hasFailures(), first.toConsoleTable());
            assertEquals(5, first.uploaded());
            assertFalse(again.hasFailures(), again.toConsoleTable());
            assertEquals(0, again.uploaded());
            assertEquals(5, again.skippedUnchanged());
            try (S3Client s3 = S3Clients.client(f.settings())) {
                for (AttachmentRow row : rows) {
                    assertArrayEquals(Files.readAllBytes(f.fileOf(row)),
                            s3.getObjectAsBytes(b -> b.bucket(f.bucket).key(row.storageKey())).asByteArray(),
                            row.storageKey());
                }
                server.deleteBucket(f.bucket);
                server.deleteBucket(f.bucket);
                assertThrows(NoSuchBucketException.class, () -> s3.headBucket(b -> b.bucket(f.bucket)));
            }
        }
    }
}
