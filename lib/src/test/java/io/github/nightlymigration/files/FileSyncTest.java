package io.github.nightlymigration.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.export.AttachmentRow;
import io.github.nightlymigration.export.ExportVerificationException;
import io.github.nightlymigration.support.Trees;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The sync against a real S3 API server (s3proxy in this JVM); no SDK mocks. */
class FileSyncTest {

    @TempDir
    static Path serverDir;
    static LocalS3Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        server = LocalS3Server.start(serverDir.resolve("store"));
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @Test
    void uploadsEveryFileByteIdenticalWithItsContentType() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        List<AttachmentRow> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(f.addFile("file " + i + ".bin", SyncFixture.randomBytes(1000 + i * 3000, i)));
        }
        f.writeExport();
        List<SyncProgress> seen = new ArrayList<>();

        SyncReport report = f.sync().onProgress(seen::add).run(f.exportDir);

        assertEquals(20, report.uploaded());
        assertEquals(0, report.skippedUnchanged());
        assertFalse(report.hasFailures(), report.toConsoleTable());
        assertEquals(rows.stream().mapToLong(r -> size(f.fileOf(r))).sum(), report.uploadedBytes());
        try (S3Client s3 = S3Clients.client(f.settings())) {
            for (AttachmentRow row : rows) {
                assertArrayEquals(Files.readAllBytes(f.fileOf(row)),
                        s3.getObjectAsBytes(b -> b.bucket(f.bucket).key(row.storageKey())).asByteArray(),
                        row.storageKey());
                assertEquals("application/octet-stream",
                        s3.headObject(b -> b.bucket(f.bucket).key(row.storageKey())).contentType());
            }
        }
        SyncProgress last = seen.get(seen.size() - 1);
        assertEquals(20, seen.size());
        assertEquals(20, last.filesDone());
        assertEquals(20, last.uploaded());
        assertEquals(report.uploadedBytes(), last.bytesDone());
        assertEquals(report.uploadedBytes(), last.bytesTotal());
    }

    @Test
    void secondRunUploadsNothingAndLeavesObjectsUntouched() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        for (int i = 0; i < 10; i++) {
            f.addFile("doc" + i + ".pdf", SyncFixture.randomBytes(5000, i));
        }
        f.writeExport();
        f.sync().run(f.exportDir);
        Map<String, String> before = objects(f);

        SyncReport again = f.sync().run(f.exportDir);

        assertEquals(0, again.uploaded());
        assertEquals(10, again.skippedUnchanged());
        assertEquals(before, objects(f), "etag and last-modified of every object stay the same");
        assertTrue(again.phaseMillis().keySet().containsAll(List.of("verifyExport", "readCsv", "scanTree",
                "preflight", "bucketListing", "awaitScan", "locateFiles", "readLedger", "awaitListing",
                "checkAndUpload")),
                again.phaseMillis().toString());
        assertTrue(again.toJson().contains("\"phaseMillis\""), again.toJson());
    }

    @Test
    void changedFileIsUploadedAgainAndOnlyThatOne() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        AttachmentRow changed = f.addFile("a.txt", "first".getBytes(StandardCharsets.UTF_8));
        f.addFile("b.txt", "stays".getBytes(StandardCharsets.UTF_8));
        f.writeExport();
        f.sync().run(f.exportDir);

        Files.writeString(f.fileOf(changed), "second, longer");
        SyncReport report = f.sync().run(f.exportDir);

        assertEquals(1, report.uploaded());
        assertEquals(1, report.skippedUnchanged());
        assertEquals("second, longer", download(f, changed));
    }

    @Test
    void sameSizeEditWithNewTimestampIsDetectedByChecksum() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        AttachmentRow row = f.addFile("a.txt", "aaaa".getBytes(StandardCharsets.UTF_8));
        f.writeExport();
        f.sync().run(f.exportDir);

        Files.writeString(f.fileOf(row), "bbbb");
        Files.setLastModifiedTime(f.fileOf(row), FileTime.from(Instant.now().plusSeconds(60)));
        SyncReport report = f.sync().run(f.exportDir);

        assertEquals(1, report.uploaded());
        assertEquals("bbbb", download(f, row));
    }

    @Test
    void objectsAlreadyInTheBucketAreRecognisedWithoutTheLedger() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        for (int i = 0; i < 5; i++) {
            f.addFile("x" + i, SyncFixture.randomBytes(100, i));
        }
        f.writeExport();
        f.sync().run(f.exportDir);
        Trees.delete(f.stateDir);

        SyncReport report = f.sync().run(f.exportDir);

        assertEquals(0, report.uploaded());
        assertEquals(5, report.skippedUnchanged());
    }

    @Test
    void objectDeletedFromTheBucketIsUploadedAgainDespiteTheLedger() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        AttachmentRow row = f.addFile("gone.txt", "content".getBytes(StandardCharsets.UTF_8));
        f.writeExport();
        f.sync().run(f.exportDir);
        try (S3Client s3 = S3Clients.client(f.settings())) {
            s3.deleteObject(b -> b.bucket(f.bucket).key(row.storageKey()));
        }

        SyncReport report = f.sync().run(f.exportDir);

        assertEquals(1, report.uploaded());
        assertEquals("content", download(f, row));
    }

    @Test
    void missingFilesAndOrphansAreReportedWithoutFailingTheRun() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        f.addFile("present.txt", "here".getBytes(StandardCharsets.UTF_8));
        AttachmentRow missing = f.addRowWithoutFile("lost.txt");
        Path orphan = f.filesRoot.resolve(PaperclipPath.legacyPath(999, "deleted comment.png"));
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "nobody refers to me");
        f.writeExport();

        SyncReport report = f.sync().run(f.exportDir);

        assertEquals(1, report.uploaded());
        assertEquals(List.of(missing.attachmentId().toString()),
                report.missing().stream().map(SyncReport.Item::attachmentId).toList());
        assertEquals(missing.legacyPath(), report.missing().get(0).legacyPath());
        assertEquals(List.of(PaperclipPath.legacyPath(999, "deleted comment.png")),
                report.orphans().stream().map(SyncReport.Item::legacyPath).toList());
        assertFalse(report.hasFailures());
        assertEquals(0, report.exitCode());
    }

    @Test
    void nameInAnotherNormalisationFormOnDiskIsTheSameFileUploadedOnce() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        String nfc = Normalizer.normalize("café menu.pdf", Normalizer.Form.NFC);
        String nfd = Normalizer.normalize("crème brûlée.png", Normalizer.Form.NFD);
        AttachmentRow nfcRow = f.addRowWithoutFile(nfc);
        AttachmentRow nfdRow = f.addRowWithoutFile(nfd);
        AttachmentRow exact = f.addFile(Normalizer.normalize("cafe\u0301 decomposed.png", Normalizer.Form.NFD),
                SyncFixture.randomBytes(700, 3));
        // As a copy through a Mac leaves them: the other form on disk than in the database.
        Path nfcOnDisk = write(f, nfcRow, Normalizer.normalize(nfcRow.legacyPath(), Normalizer.Form.NFD), 1);
        Path nfdOnDisk = write(f, nfdRow, Normalizer.normalize(nfdRow.legacyPath(), Normalizer.Form.NFC), 2);
        f.writeExport();

        SyncReport report = f.sync().run(f.exportDir);

        assertEquals(3, report.uploaded(), report.toConsoleTable());
        assertEquals(List.of(), report.missing());
        assertEquals(List.of(), report.orphans(), "the file found under the other form is nobody's orphan");
        assertEquals(java.util.Set.of(nfcRow.attachmentId().toString(), nfdRow.attachmentId().toString()),
                report.normalisationMatches().stream().map(SyncReport.Item::attachmentId).collect(Collectors.toSet()));
        assertTrue(report.normalisationMatches().stream().anyMatch(i -> i.reason().contains("NFD (the export has NFC)")),
                report.toConsoleTable());
        assertTrue(report.toConsoleTable().contains("matched across Unicode normalisation forms"));
        try (S3Client s3 = S3Clients.client(f.settings())) {
            assertArrayEquals(Files.readAllBytes(nfcOnDisk), object(s3, f, nfcRow));
            assertArrayEquals(Files.readAllBytes(nfdOnDisk), object(s3, f, nfdRow));
            assertArrayEquals(Files.readAllBytes(f.fileOf(exact)), object(s3, f, exact));
            assertEquals(3, s3.listObjectsV2(b -> b.bucket(f.bucket)).keyCount(), "each file under one key only");
        }
        SyncReport again = f.sync().run(f.exportDir);
        assertEquals(0, again.uploaded());
        assertEquals(3, again.skippedUnchanged());
    }

    private static Path write(SyncFixture f, AttachmentRow row, String legacyPathOnDisk, long seed) throws IOException {
        assertFalse(legacyPathOnDisk.equals(row.legacyPath()), "the spelling on disk differs from the export's");
        Path file = f.filesRoot.resolve(legacyPathOnDisk);
        Files.createDirectories(file.getParent());
        Files.write(file, SyncFixture.randomBytes(900, seed));
        return file;
    }

    private static byte[] object(S3Client s3, SyncFixture f, AttachmentRow row) {
        return s3.getObjectAsBytes(b -> b.bucket(f.bucket).key(row.storageKey())).asByteArray();
    }

    @Test
    void unsafeNamesNeverReadOutsideTheRootAndKeysStayClean(@TempDir Path outside) throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        Path secret = Files.writeString(outside.resolve("secret.txt"), "outside the root");
        // Raw names from the legacy database, made into keys by the same function the migration uses.
        List<String> names = List.of("résumé final.pdf", "日本語 ファイル.docx", "with  spaces & (1).txt",
                "x".repeat(245) + ".jpeg", "...", "tab\tand\nnewline.txt");
        List<AttachmentRow> good = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            good.add(f.addFile(names.get(i), ("content " + i).getBytes(StandardCharsets.UTF_8)));
        }
        // Rows whose legacy path tries to leave the root.
        f.addRow(100, PaperclipPath.legacyPath(100, "../".repeat(12) + secret.toString().substring(1)), "trav.txt");
        f.addRow(101, secret.toString(), "abs.txt");
        f.addRow(102, PaperclipPath.legacyPath(102, "nul\0.txt"), "nul.txt");
        Path link = f.filesRoot.resolve(PaperclipPath.legacyPath(103, "link.txt"));
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, secret);
        f.addRow(103, PaperclipPath.legacyPath(103, "link.txt"), "link.txt");
        f.writeExport();

        SyncReport report = f.sync().run(f.exportDir);

        assertEquals(names.size(), report.uploaded(), report.toConsoleTable());
        assertEquals(4, report.unsafe().size(), report.toConsoleTable());
        assertFalse(report.hasFailures());
        try (S3Client s3 = S3Clients.client(f.settings())) {
            List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(f.bucket)).contents().stream()
                    .map(S3Object::key).toList();
            assertEquals(good.stream().map(AttachmentRow::storageKey).sorted().toList(), keys.stream().sorted().toList());
            for (String key : keys) {
                assertTrue(StorageKey.problem(key).isEmpty(), key);
                assertFalse(List.of(key.split("/")).contains(".."), key);
                String content = s3.getObjectAsBytes(b -> b.bucket(f.bucket).key(key)).asUtf8String();
                assertFalse(content.contains("outside the root"), key);
            }
        }
    }

    @Test
    void symlinksInsideTheTreeAreFollowedOnlyWhereTheyStayInside(@TempDir Path outside) throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        AttachmentRow real = f.addFile("real.txt", "inside".getBytes(StandardCharsets.UTF_8));
        // A directory of the partition that is a symlink leading out of the tree: the file behind it is regular,
        // but it must be refused like a symlinked file.
        Files.createDirectories(outside.resolve("original"));
        Files.writeString(outside.resolve("original/leak.txt"), "outside the root");
        Path partition = f.filesRoot.resolve(PaperclipPath.legacyPath(200, "leak.txt")).getParent().getParent();
        Files.createDirectories(partition.getParent());
        Files.createSymbolicLink(partition, outside);
        f.addRow(200, PaperclipPath.legacyPath(200, "leak.txt"), "leak.txt");
        // A symlink that stays inside the tree is followed.
        Path alias = f.filesRoot.resolve(PaperclipPath.legacyPath(201, "alias.txt"));
        Files.createDirectories(alias.getParent());
        Files.createSymbolicLink(alias, f.fileOf(real));
        AttachmentRow aliased = f.addRow(201, PaperclipPath.legacyPath(201, "alias.txt"), "alias.txt");
        f.writeExport();

        SyncReport report = f.sync().run(f.exportDir);

        assertEquals(2, report.uploaded(), report.toConsoleTable());
        assertEquals(List.of(PaperclipPath.legacyPath(200, "leak.txt")),
                report.unsafe().stream().map(SyncReport.Item::legacyPath).toList(), report.toConsoleTable());
        assertEquals("inside", download(f, aliased));
        assertEquals(List.of(), report.orphans(), "symlinks are not orphans, and real.txt has its row");
    }

    @Test
    void largeFileGoesMultipartAndIsVerifiedByItsEtag() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        AttachmentRow big = f.addFile("video.mp4", SyncFixture.randomBytes(17 * 1024 * 1024 + 123, 7));
        f.writeExport();
        SyncSettings settings = f.settings().withMultipartThreshold(6L * 1024 * 1024);

        SyncReport report = FileSync.to(settings, f.stateDir).run(f.exportDir);

        assertEquals(1, report.uploaded(), report.toConsoleTable());
        try (S3Client s3 = S3Clients.client(settings)) {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(f.bucket).key(big.storageKey()));
            assertTrue(head.eTag().endsWith("-3\""), "multipart ETag, got " + head.eTag());
            assertArrayEquals(Files.readAllBytes(f.fileOf(big)),
                    s3.getObjectAsBytes(b -> b.bucket(f.bucket).key(big.storageKey())).asByteArray());
        }
        assertEquals(0, FileSync.to(settings, f.stateDir).run(f.exportDir).uploaded());
    }

    @Test
    void dryRunListsPlannedUploadsAndUploadsNothing() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        f.addFile("one.txt", "1".getBytes(StandardCharsets.UTF_8));
        f.addFile("two.txt", "2".getBytes(StandardCharsets.UTF_8));
        f.writeExport();

        SyncReport plan = f.sync().dryRun(true).run(f.exportDir);

        assertEquals(2, plan.wouldUpload().size());
        assertEquals(0, plan.uploaded());
        assertTrue(objects(f).isEmpty());
        assertEquals(2, f.sync().run(f.exportDir).uploaded());
    }

    @Test
    void serverRestartMidSyncThenRerunCompletesByteIdentical() throws Exception {
        SyncFixture f = new SyncFixture(dir, server);
        List<AttachmentRow> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(f.addFile("f" + i + ".bin", SyncFixture.randomBytes(20_000 + i * 100, i)));
        }
        f.writeExport();
        AtomicBoolean outageDone = new AtomicBoolean();
        Thread outage = new Thread(() -> {
            try {
                server.stop();
                Thread.sleep(1500);
                server.restart();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        SyncReport first = f.sync().onProgress(p -> {
            if (p.filesDone() == 60 && !outageDone.getAndSet(true)) {
                outage.start();
            }
        }).run(f.exportDir);
        outage.join();
        SyncReport second = f.sync().run(f.exportDir);

        assertTrue(outageDone.get(), "the outage happened during the first run");
        assertEquals(300, first.uploaded() + first.failed().size());
        assertEquals(300, first.uploaded() + second.uploaded(), "the rerun uploads what the first one could not");
        assertFalse(second.hasFailures(), second.toConsoleTable());
        try (S3Client s3 = S3Clients.client(f.settings())) {
            for (AttachmentRow row : rows) {
                assertArrayEquals(Files.readAllBytes(f.fileOf(row)),
                        s3.getObjectAsBytes(b -> b.bucket(f.bucket).key(row.storageKey())).asByteArray());
            }
        }
    }

    @Test
    void wrongCredentialsAreOneClearLineWithoutTheSecret() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        f.addFile("a.txt", "a".getBytes(StandardCharsets.UTF_8));
        f.writeExport();
        Map<String, String> env = new HashMap<>(f.env());
        env.put("AWS_SECRET_ACCESS_KEY", "not-the-right-secret-9f8e7d");

        SyncSetupException e = assertThrows(SyncSetupException.class,
                () -> FileSync.to(SyncSettings.fromEnv(env), f.stateDir).run(f.exportDir));

        assertTrue(e.getMessage().contains("credentials refused"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-right-secret-9f8e7d"));
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(SyncSettings.fromEnv(env).toString().contains("not-the-right-secret-9f8e7d"));
        assertTrue(e.exitCode() != 0);
    }

    @Test
    void missingBucketAndUnreachableEndpointAreNamed() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        f.writeExport();
        Map<String, String> env = new HashMap<>(f.env());
        env.put("MIGRATOR_S3_BUCKET", "no-such-bucket");
        SyncSetupException noBucket = assertThrows(SyncSetupException.class,
                () -> FileSync.to(SyncSettings.fromEnv(env), f.stateDir).run(f.exportDir));
        assertTrue(noBucket.getMessage().contains("bucket 'no-such-bucket' does not exist"), noBucket.getMessage());

        env.put("MIGRATOR_S3_ENDPOINT", "http://127.0.0.1:1");
        SyncSetupException unreachable = assertThrows(SyncSetupException.class,
                () -> FileSync.to(SyncSettings.fromEnv(env), f.stateDir).run(f.exportDir));
        assertTrue(unreachable.getMessage().startsWith("cannot reach S3 endpoint http://127.0.0.1:1"),
                unreachable.getMessage());

        env.remove("MIGRATOR_S3_BUCKET");
        SyncSetupException unset = assertThrows(SyncSetupException.class, () -> SyncSettings.fromEnv(env));
        assertEquals("MIGRATOR_S3_BUCKET is not set", unset.getMessage());
    }

    @Test
    void tamperedExportIsRefusedBeforeAnyUpload() throws IOException {
        SyncFixture f = new SyncFixture(dir, server);
        f.addFile("a.txt", "a".getBytes(StandardCharsets.UTF_8));
        f.writeExport();
        Path csv = f.exportDir.resolve("attachments.csv");
        Files.writeString(csv, Files.readString(csv).replace("a.txt", "b.txt"));

        ExportVerificationException e = assertThrows(ExportVerificationException.class,
                () -> f.sync().run(f.exportDir));

        assertTrue(e.getMessage().contains("attachments.csv: sha256"), e.getMessage());
        assertTrue(objects(f).isEmpty());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** key -> "etag lastModified" of every object in the fixture's bucket. */
    private static Map<String, String> objects(SyncFixture f) {
        try (S3Client s3 = S3Clients.client(f.settings())) {
            return s3.listObjectsV2Paginator(b -> b.bucket(f.bucket)).contents().stream()
                    .collect(Collectors.toMap(S3Object::key, o -> o.eTag() + " " + o.lastModified()));
        }
    }

    private static String download(SyncFixture f, AttachmentRow row) {
        try (S3Client s3 = S3Clients.client(f.settings())) {
            return s3.getObjectAsBytes(b -> b.bucket(f.bucket).key(row.storageKey())).asUtf8String();
        }
    }
}
