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
import java.util.List;
import java.util.Set;

/** Files under Paperclip's attachments directory that no export row refers to (their comment row was deleted). */
final class OrphanFiles {

    private OrphanFiles() {
    }

    /**
     * @param referenced legacy paths of all rows, relative to the root
     * @return one item per orphan, sorted by path; symlinks are neither followed nor listed
     */
    static List<SyncReport.Item> find(PaperclipPath.Root root, Set<String> referenced) {
        Path dir = root.attachmentsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SyncReport.Item> orphans = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String relative = root.legacyPathOf(file);
                    if (attrs.isRegularFile() && !referenced.contains(relative)) {
                        orphans.add(new SyncReport.Item(null, relative, null, attrs.size(),
                                "no attachment row refers to it"));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan " + dir + " for orphan files: " + e.getMessage(), e);
        }
        orphans.sort(Comparator.comparing(SyncReport.Item::legacyPath));
        return orphans;
    }
}
