package io.github.nightlymigration.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the commands left in the state directory's run folders, for the tests to read back. */
final class RunFolderFiles {
    private RunFolderFiles() {}

    /**
     * The file of this name in the newest run folder that has one. Ordered by folder name: as whole
     * paths, ".../T025446Z-1/x" (the second run of that second) sorts before ".../T025446Z/x".
     */
    static Path newest(Path state, String fileName) throws IOException {
        try (Stream<Path> found = Files.walk(state.resolve("runs"))) {
            return found.filter(p -> p.getFileName().toString().equals(fileName))
                    .max(Comparator.comparing(p -> p.getParent().getFileName().toString()))
                    .orElseThrow(() -> new IllegalStateException("no " + fileName + " in " + state.resolve("runs")));
        }
    }
}
