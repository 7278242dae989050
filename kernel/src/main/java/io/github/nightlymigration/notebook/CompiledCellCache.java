package io.github.nightlymigration.notebook;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory of compiled notebooks ({@link CompiledCells}), one per notebook, each filed under a key
 * of everything its bytecode depends on: the cells' exact source, the Java runtime, and every jar and
 * class file the cells could compile against (path, size and time of change). Editing a cell, upgrading
 * the JDK or rebuilding the library changes the key, and the next run compiles with JShell again.
 */
final class CompiledCellCache {
    /** Bumped when what a key covers, or the compiled format, changes. */
    private static final String KEY_VERSION = "compiled-cells 1";

    private final Path dir;

    CompiledCellCache(Path dir) {
        this.dir = dir;
    }

    /**
     * @param cellSources the notebook's code cells in order, as they will be run
     * @return the key, or empty if a cell's {@code %classpath} cannot be resolved (the run then compiles
     *         with JShell and reports the bad line as usual)
     */
    static Optional<String> key(Path notebookDir, List<String> cellSources) {
        MessageDigest digest = sha256();
        update(digest, KEY_VERSION);
        for (String property : List.of("java.vm.name", "java.runtime.version", "java.home")) {
            update(digest, property + "=" + System.getProperty(property));
        }
        update(digest, CellEngine.CELL_PRELUDE);
        List<Path> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classPath.add(Path.of(entry));
            }
        }
        ClasspathMagic magic = new ClasspathMagic(notebookDir);
        try {
            for (String source : cellSources) {
                update(digest, "cell " + source.length());
                update(digest, source);
                magic.apply(source, classPath::addAll);
            }
            for (Path entry : classPath) {
                fingerprint(digest, entry);
            }
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(digest.digest()));
    }

    /** The compiled copy of this notebook under this key, if there is one that can be read. */
    Optional<CompiledCells> find(String notebookName, String key) {
        Path file = file(notebookName, key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CompiledCells.read(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Keeps this compiled copy and drops the notebook's earlier ones: a cell edited back and forth just compiles again. */
    void store(String notebookName, String key, CompiledCells compiled) throws IOException {
        Files.createDirectories(dir);
        Path file = file(notebookName, key);
        Path partial = Files.createTempFile(dir, notebookName, ".partial");
        try {
            compiled.write(partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        try (DirectoryStream<Path> earlier = Files.newDirectoryStream(dir, prefix(notebookName) + "*.zip")) {
            for (Path other : earlier) {
                if (!other.equals(file)) {
                    Files.deleteIfExists(other);
                }
            }
        }
    }

    /**
     * Forgets the compiled copy of this notebook under this key, so that the next run compiles again;
     * a copy that cannot be deleted is reported, not thrown: the night's own failure is the news.
     */
    void remove(String notebookName, String key) {
        Path file = file(notebookName, key);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("[notebook] cannot delete the compiled cells " + file + " (delete it by hand, or the next"
                    + " night runs them again): " + e.getMessage());
        }
    }

    Path file(String notebookName, String key) {
        return dir.resolve(prefix(notebookName) + key.substring(0, 16) + ".zip");
    }

    private static String prefix(String notebookName) {
        return notebookName.replaceAll("[^A-Za-z0-9._-]", "_") + "-";
    }

    /** A jar's path, size and time of change; for a class directory, those of every file in it. */
    private static void fingerprint(MessageDigest digest, Path entry) throws IOException {
        if (!Files.isDirectory(entry)) {
            update(digest, entry + " " + stat(entry));
            return;
        }
        try (Stream<Path> files = Files.walk(entry)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                update(digest, file + " " + stat(file));
            }
        }
    }

    private static String stat(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.size() + " " + attributes.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "missing";
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
