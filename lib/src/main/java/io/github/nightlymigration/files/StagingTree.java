package io.github.nightlymigration.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.github.nightlymigration.export.AttachmentRow;

/**
 * Lays out a local tree mirroring the target keys ({@code <staging>/requests/<request>/<attachment>/<name>}) for
 * operators who want to look before uploading. Files are hard-linked when the staging directory is on the same
 * filesystem (no extra space, instant) and copied otherwise. Unsafe rows are skipped, and names spelled in another
 * Unicode normalisation form on disk found, exactly as the sync does.
 */
public final class StagingTree {

    /** What staging did; {@code missing} and {@code unsafe} use the same items as {@link SyncReport}. */
    public record Result(int linked, int copied, int alreadyStaged, List<SyncReport.Item> missing,
                         List<SyncReport.Item> unsafe) {
    }

    private StagingTree() {
    }

    public static Result stage(List<AttachmentRow> rows, Path filesRoot, Path stagingDir) {
        int linked = 0;
        int copied = 0;
        int already = 0;
        List<SyncReport.Item> missing = new ArrayList<>();
        List<SyncReport.Item> unsafe = new ArrayList<>();
        try {
            PaperclipPath.Root root = PaperclipPath.Root.of(filesRoot);
            Path staging = Files.createDirectories(stagingDir).toRealPath();
            for (AttachmentRow row : rows) {
                String keyProblem = StorageKey.problem(row.storageKey()).orElse(null);
                if (keyProblem != null) {
                    unsafe.add(item(row, keyProblem));
                    continue;
                }
                Path source;
                try {
                    source = root.resolveAnySpelling(row.legacyPath()).file();
                } catch (PaperclipPath.UnsafePathException e) {
                    unsafe.add(item(row, "legacy path " + e.getMessage()));
                    continue;
                } catch (NoSuchFileException e) {
                    missing.add(item(row, "not on disk"));
                    continue;
                }
                Path target = staging.resolve(row.storageKey());
                Files.createDirectories(target.getParent());
                if (Files.exists(target) && Files.isSameFile(source, target)) {
                    already++;
                    continue;
                }
                Files.deleteIfExists(target);
                if (hardLink(target, source)) {
                    linked++;
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    copied++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage attachments into " + stagingDir + ": " + e.getMessage(), e);
        }
        return new Result(linked, copied, already, List.copyOf(missing), List.copyOf(unsafe));
    }

    /** False when the filesystem refuses a link (another device, no hard-link support), so the caller copies. */
    private static boolean hardLink(Path link, Path existing) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException(e);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static SyncReport.Item item(AttachmentRow row, String reason) {
        return new SyncReport.Item(row.attachmentId().toString(), row.legacyPath(), row.storageKey(), 0, reason);
    }
}
