package io.github.nightlymigration.notebook;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The line magics {@code %classpath} and {@code %jars} (the older name, kept for old notebooks): each
 * argument is a jar, a class directory, or a glob in its last part ({@code lib/*} = every jar in lib).
 * Arguments are separated by spaces or the path separator; quote one that contains spaces. Relative
 * paths resolve against the notebook's directory.
 */
final class ClasspathMagic {
    private static final Pattern MAGIC_LINE = Pattern.compile("^\\s*%(%?)(\\w*)(.*)$");
    private static final Pattern ARGUMENT = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    private final Path notebookDir;
    private final Set<Path> added = new LinkedHashSet<>();

    ClasspathMagic(Path notebookDir) {
        this.notebookDir = notebookDir.toAbsolutePath().normalize();
    }

    /**
     * Runs the cell's magic lines (before its Java code, so the code can use what they add) and returns
     * the Java source with those lines blanked, keeping the line numbers of the rest. The entries the
     * cell adds go to {@code addToClasspath} in one call: JShell rebuilds its compiler's class path on
     * each call.
     */
    String apply(String cellSource, Consumer<List<Path>> addToClasspath) {
        List<Path> newEntries = new ArrayList<>();
        String[] lines = cellSource.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher magic = MAGIC_LINE.matcher(lines[i]);
            if (!magic.matches()) {
                continue;
            }
            String name = magic.group(2);
            if (!magic.group(1).isEmpty() || !(name.equals("classpath") || name.equals("jars"))) {
                throw new IllegalArgumentException("line " + (i + 1) + ": unknown magic "
                        + lines[i].strip().split("\\s+")[0] + " (this kernel knows %classpath and %jars)");
            }
            for (Path entry : resolve(magic.group(3), i + 1)) {
                if (added.add(entry)) {
                    newEntries.add(entry);
                }
            }
            lines[i] = "";
        }
        if (!newEntries.isEmpty()) {
            addToClasspath.accept(newEntries);
        }
        return String.join("\n", lines);
    }

    private List<Path> resolve(String arguments, int line) {
        List<Path> entries = new ArrayList<>();
        Matcher argument = ARGUMENT.matcher(arguments);
        while (argument.find()) {
            String quoted = argument.group(1);
            List<String> parts = quoted != null ? List.of(quoted) : List.of(argument.group(2).split(File.pathSeparator));
            for (String part : parts) {
                if (!part.isEmpty()) {
                    entries.addAll(resolveOne(part, line));
                }
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ": %classpath needs at least one jar, directory or glob");
        }
        return entries;
    }

    private List<Path> resolveOne(String argument, int line) {
        Path path = notebookDir.resolve(argument).normalize();
        String last = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!isGlob(last)) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("line " + line + ": no such jar or directory: " + path);
            }
            return List.of(path);
        }
        Path dir = path.getParent();
        if (isGlob(dir.toString())) {
            throw new IllegalArgumentException("line " + line + ": only the last part of a path may be a glob: " + argument);
        }
        String pattern = last.equals("*") ? "*.jar" : last;
        PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + pattern);
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (Files.isRegularFile(child) && matcher.matches(child.getFileName())) {
                    matches.add(child);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("line " + line + ": cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ": " + argument + " matches no file in " + dir);
        }
        return matches.stream().sorted().collect(Collectors.toList());
    }

    private static boolean isGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
}
