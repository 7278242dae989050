package io.github.nightlymigration.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replaces an export directory whole or not at all. The new export is written beside it
 * ({@code <dir>.incoming}) and verified against its own manifest; only then is the previous export
 * renamed to {@code <dir>.previous}, the new one renamed into place, and the previous one deleted.
 * A failure while writing (a full disk) leaves the previous export untouched; a crash between the two
 * renames leaves it complete in {@code <dir>.previous}.
 */
final class ExportSwap {
    private ExportSwap() {}

    /** A fresh, empty directory beside {@code dir} to write the new export into. */
    static Path incoming(Path dir) throws IOException {
        Path incoming = sibling(dir, ".incoming");
        deleteTree(incoming); // a leftover of a failed export
        return Files.createDirectories(incoming);
    }

    /** Verifies the new export in {@code incoming}, then puts it in place of {@code dir}. */
    static ExportManifest replace(Path dir, Path incoming, List<String> files) throws IOException {
        ExportManifest manifest = ExportManifest.verify(incoming, files.toArray(String[]::new));
        Path previous = sibling(dir, ".previous");
        deleteTree(previous);
        if (Files.exists(dir)) Files.move(dir, previous);
        Files.move(incoming, dir);
        deleteTree(previous);
        return manifest;
    }

    /** Drops a failed export's partial files; the previous export was never touched. */
    static void abandon(Path incoming) {
        try {
            deleteTree(incoming);
        } catch (IOException ignored) {
            // a leftover .incoming folder is harmless: the next export starts by deleting it
        }
    }

    private static Path sibling(Path dir, String suffix) {
        Path absolute = dir.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + suffix);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
