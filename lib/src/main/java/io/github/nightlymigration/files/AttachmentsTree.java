package io.github.nightlymigration.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One walk of Paperclip's attachments directory: every regular file in it, by legacy path, with its size and
 * modification time. It serves both the orphan report (files no export row refers to) and the sync's stat of each
 * row's file, so the tree is read once instead of once per row plus once for orphans.
 *
 * <p>The walk follows no symlink: a file it finds is reached through real directories only, so it lies inside the
 * attachments directory and its path is its real path, which is what {@link PaperclipPath.Root#resolve} would
 * return after its checks. Files it does not find (missing ones, symlinks, names the file system spells
 * differently) are left to {@code resolve}. A name whose bytes are not valid in the file-name charset comes out
 * with U+FFFD in place of the bad bytes; the orphan report says so.
 */
final class AttachmentsTree {

    /** Size and modification time from the walk (lstat). */
    record Found(long size, long modifiedMillis) {
    }

    private final Map<String, Found> files;

    private AttachmentsTree(Map<String, Found> files) {
        this.files = files;
    }

    /** @throws UncheckedIOException a directory of the tree cannot be read */
    static AttachmentsTree scan(PaperclipPath.Root root) {
        Path dir = root.attachmentsDir();
        Map<String, Found> files = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()) {
                            files.put(root.legacyPathOf(file),
                                    new Found(attrs.size(), attrs.lastModifiedTime().toMillis()));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot scan " + dir + " for orphan files: " + e.getMessage(), e);
            }
        }
        return new AttachmentsTree(files);
    }

    /** What the walk saw of the regular file at this legacy path, if it found one there. */
    Optional<Found> get(String legacyPath) {
        return Optional.ofNullable(files.get(legacyPath));
    }

    /**
     * @param referenced legacy paths of all rows, relative to the root
     * @return one item per orphan, sorted by path; symlinks are neither followed nor listed
     */
    List<SyncReport.Item> orphans(Set<String> referenced) {
        List<SyncReport.Item> orphans = new ArrayList<>();
        files.forEach((legacyPath, found) -> {
            if (!referenced.contains(legacyPath)) {
                orphans.add(new SyncReport.Item(null, legacyPath, null, found.size(), legacyPath.indexOf('\uFFFD') < 0
                        ? "no attachment row refers to it"
                        : "no attachment row refers to it; its name is not valid " + FileNameEncoding.name()
                                + " (shown with \uFFFD)"));
            }
        });
        orphans.sort(Comparator.comparing(SyncReport.Item::legacyPath));
        return orphans;
    }
}
