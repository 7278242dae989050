package io.github.nightlymigration.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.export.AttachmentCsv;
import io.github.nightlymigration.export.AttachmentRow;
import io.github.nightlymigration.export.ExportManifest;

/** A legacy files root, an export directory and a state directory in a temp folder, plus a bucket to sync to. */
final class SyncFixture {

    final Path filesRoot;
    final Path exportDir;
    final Path stateDir;
    final String bucket;
    final List<AttachmentRow> rows = new ArrayList<>();
    private final LocalS3Server server;
    private long nextCommentId = 1;

    SyncFixture(Path dir, LocalS3Server server) throws IOException {
        this.filesRoot = Files.createDirectories(dir.resolve("app"));
        this.exportDir = Files.createDirectories(dir.resolve("export"));
        this.stateDir = dir.resolve("state");
        this.server = server;
        this.bucket = "b-" + UUID.randomUUID().toString().substring(0, 8);
        server.createBucket(bucket);
    }

    /** Writes a file in Paperclip's layout and adds its row; returns the row. */
    AttachmentRow addFile(String name, byte[] content) throws IOException {
        AttachmentRow row = addRowWithoutFile(name);
        Path file = filesRoot.resolve(row.legacyPath());
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return row;
    }

    AttachmentRow addRowWithoutFile(String name) {
        long commentId = nextCommentId++;
        return addRow(commentId, PaperclipPath.legacyPath(commentId, name), name);
    }

    AttachmentRow addRow(long commentId, String legacyPath, String name) {
        UUID request = UUID.randomUUID();
        UUID attachment = UUID.randomUUID();
        AttachmentRow row = new AttachmentRow(attachment, commentId, request, legacyPath,
                StorageKey.of(request, attachment, name), name, "application/octet-stream", null);
        rows.add(row);
        return row;
    }

    void writeExport() {
        rows.sort(Comparator.comparingLong(AttachmentRow::oldCommentId));
        AttachmentCsv.write(exportDir.resolve(AttachmentCsv.FILE_NAME), rows);
        ExportManifest.write(exportDir, List.of(AttachmentCsv.FILE_NAME));
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>(server.clientEnv(bucket));
        env.put("MIGRATOR_FILES_ROOT", filesRoot.toString());
        env.put("MIGRATOR_S3_CONCURRENCY", "8");
        return env;
    }

    SyncSettings settings() {
        return SyncSettings.fromEnv(env());
    }

    FileSync sync() {
        return FileSync.to(settings(), stateDir);
    }

    Path fileOf(AttachmentRow row) {
        return filesRoot.resolve(row.legacyPath());
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }
}
