package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.export.AttachmentCsv;
import io.github.nightlymigration.export.AttachmentRow;
import io.github.nightlymigration.export.ExportManifest;
import io.github.nightlymigration.files.PaperclipPath;
import io.github.nightlymigration.files.S3Clients;
import io.github.nightlymigration.files.StorageKey;
import io.github.nightlymigration.files.SyncSettings;
import io.github.nightlymigration.support.ChildProcess;
import io.github.nightlymigration.support.ReliabilityRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * SIGKILL of the file sync (child JVM) while uploads are in flight, three times, then a rerun:
 * the bucket ends with exactly one object per exported file, each byte-identical to its source.
 */
class KillDuringSyncFaultTest {
    @TempDir Path dir;

    @Test
    void killNineDuringSyncThenRerunLeavesNoMissingDuplicateOrTruncatedObject() throws Exception {
        Path root = Files.createDirectories(dir.resolve("app"));
        Path export = Files.createDirectories(dir.resolve("export"));
        Path state = dir.resolve("state");
        Random random = new Random(42);
        List<AttachmentRow> rows = new ArrayList<>();
        Map<String, String> expected = new TreeMap<>(); // storage key -> md5 of the source file
        for (int id = 1; id <= 400; id++) {
            // Mostly small files; every 80th is 6 MiB so that multipart uploads are killed too.
            byte[] bytes = new byte[id % 80 == 0 ? 6 * 1024 * 1024 : 2_000 + random.nextInt(120_000)];
            random.nextBytes(bytes);
            String name = "file " + id + ".bin";
            UUID request = UUID.randomUUID();
            UUID attachment = UUID.randomUUID();
            String legacyPath = PaperclipPath.legacyPath(id, name);
            Path file = root.resolve(legacyPath);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            String key = StorageKey.of(request, attachment, name);
            rows.add(new AttachmentRow(attachment, id, request, legacyPath, key, name, "application/octet-stream", null));
            expected.put(key, md5(bytes));
        }
        AttachmentCsv.write(export.resolve(AttachmentCsv.FILE_NAME), rows);
        ExportManifest.write(export, List.of(AttachmentCsv.FILE_NAME));

        try (LocalS3Server server = LocalS3Server.start(dir.resolve("store"))) {
            server.createBucket("attachments");
            Map<String, String> env = new HashMap<>(server.clientEnv("attachments"));
            env.put("MIGRATOR_FILES_ROOT", root.toString());
            env.put("MIGRATOR_S3_CONCURRENCY", "8");
            env.put("MIGRATOR_S3_MULTIPART_THRESHOLD_MB", "5");
            List<String> killedAt = new ArrayList<>();
            for (int after : new int[] {5, 60, 150}) {
                try (ChildProcess sync = ChildProcess.start(env, "sync", export.toString(), state.toString())) {
                    if (!sync.awaitLine(l -> l.startsWith("synced ") && done(l) >= after, 120_000)) {
                        throw new AssertionError("sync ended before " + after + " files: " + sync.stdout() + sync.stderr());
                    }
                    sync.kill();
                    List<String> out = sync.stdout();
                    killedAt.add(out.get(out.size() - 1).replace("synced ", ""));
                }
            }
            String finished;
            try (ChildProcess rerun = ChildProcess.start(env, "sync", export.toString(), state.toString())) {
                assertEquals(0, rerun.waitFor(180), rerun.stderr());
                List<String> out = rerun.stdout();
                finished = out.get(out.size() - 1);
            }
            Map<String, String> actual = new TreeMap<>();
            try (S3Client s3 = S3Clients.client(SyncSettings.fromEnv(env))) {
                for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket("attachments")).contents()) {
                    byte[] body = s3.getObjectAsBytes(b -> b.bucket("attachments").key(o.key())).asByteArray();
                    assertEquals(o.size(), body.length, o.key());
                    actual.put(o.key(), md5(body));
                }
            }
            assertEquals(expected, actual, "every key once, with its source's bytes, and nothing else");
            assertTrue(finished.startsWith("done uploaded="), finished);
            ReliabilityRecord.passed("kill-sync", "Kill -9 during the file sync (child JVM)",
                    "400 files (5 of 6 MiB, multipart at 5 MiB), concurrency 8; SIGKILL after " + killedAt
                            + " files settled, three runs in a row; then a rerun",
                    "rerun exits 0; the bucket's keys equal the exported keys (none missing, none extra); the MD5 of "
                            + "every object's bytes equals its source file's",
                    "rerun: " + finished + "; " + actual.size() + "/" + expected.size() + " objects byte-identical");
        }
    }

    private static int done(String line) {
        return Integer.parseInt(line.substring("synced ".length(), line.indexOf('/')));
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
