package io.github.nightlymigration.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Directory trees that tests and benchmarks make and must not leave behind. */
public final class Trees {
    private Trees() {}

    /** Deletes the directory and everything under it (symlinks themselves, not their targets); nothing if it is gone. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(dir)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : deepestFirst) Files.delete(p);
    }

    /** A scratch directory deleted when the JVM exits, also after a failure or Ctrl-C: benchmarks leave gigabytes. */
    public static Path scratch(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                delete(dir);
            } catch (IOException e) {
                System.err.println("could not remove " + dir + ": " + e.getMessage());
            }
        }, "remove " + prefix));
        return dir;
    }
}
