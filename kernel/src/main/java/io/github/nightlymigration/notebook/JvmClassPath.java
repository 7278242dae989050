package io.github.nightlymigration.notebook;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What this JVM's own class path already holds. JShell's class loader asks its parent (this class
 * path) first and its compiler reads this class path first, so a {@code %classpath} entry whose every
 * file is already here changes nothing a cell sees: adding it again only makes every later compile
 * search it. That is the headless runner's case, which runs with the library on its class path while
 * the notebooks name the same jars for interactive kernels (196 entries: about 5 CPU s a night).
 */
final class JvmClassPath {
    /** File name to sizes of the jars on the class path (Maven names a jar by artifact and version). */
    private final Map<String, Long> jars = new HashMap<>();
    private final ClassLoader loader;

    private JvmClassPath(String classPath, ClassLoader loader) {
        this.loader = loader;
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                jars.put(path.getFileName().toString(), size(path));
            }
        }
    }

    static JvmClassPath ofThisJvm() {
        return new JvmClassPath(System.getProperty("java.class.path", ""), ClassLoader.getSystemClassLoader());
    }

    /**
     * @return true for a jar of the same name and size as one on the class path, or a directory
     *         whose every file the class path already serves under the same name
     */
    boolean provides(Path entry) {
        if (Files.isDirectory(entry)) {
            try (Stream<Path> files = Files.walk(entry)) {
                return files.filter(Files::isRegularFile)
                        .allMatch(file -> loader.getResource(resourceName(entry, file)) != null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Long size = jars.get(entry.getFileName().toString());
        return size != null && size == size(entry);
    }

    private static String resourceName(Path dir, Path file) {
        return dir.relativize(file).toString().replace(File.separatorChar, '/');
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
