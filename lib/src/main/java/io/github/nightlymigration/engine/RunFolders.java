package io.github.nightlymigration.engine;

import io.github.nightlymigration.report.RunHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code <state>/runs/<UTC timestamp>/}: one folder per run (reports, rejects, executed notebooks). */
public final class RunFolders {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** A run folder's name: its start, numbered when two runs start in the same second. */
    private static final Pattern RUN_FOLDER = Pattern.compile("(\\d{8}T\\d{6}Z)(-\\d+)?");

    private RunFolders() {}

    /** A folder chosen by the caller (the headless runner made it for the executed notebook). */
    public static Path existing(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + folder + ": " + e.getMessage(), e);
        }
    }

    public static Path create(Path stateDir, Instant started) {
        Path runs = stateDir.resolve("runs");
        String base = NAME.format(started);
        try {
            Files.createDirectories(runs);
            for (int i = 0; ; i++) {
                Path folder = runs.resolve(i == 0 ? base : base + "-" + i);
                try {
                    return Files.createDirectory(folder);
                } catch (FileAlreadyExistsException taken) {
                    // two runs in the same second (a dry run, then the run): number the second
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run folder under " + runs + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the run folders that started more than {@code keepDays} before {@code now}: a night's rejects, reports
     * and executed notebooks, kept for months, would fill the disk. Never {@code current}, nor the last published
     * night's, whatever its age: the guards and the change set compare with it. Only folders named as runs are
     * touched. A folder that cannot be removed is said, never a failed night.
     *
     * @return the notice, when a folder was removed or could not be
     */
    public static Optional<String> prune(Path stateDir, int keepDays, Instant now, Path current) {
        try {
            return removeOlder(stateDir, keepDays, now, current);
        } catch (RuntimeException e) { // the run history or the folder unreadable: the night's own checks will say
            return Optional.of("run folders older than " + keepDays + " days (MIGRATOR_KEEP_RUN_DAYS): none removed ("
                    + e.getMessage() + ")");
        }
    }

    private static Optional<String> removeOlder(Path stateDir, int keepDays, Instant now, Path current) {
        Set<String> kept = new HashSet<>();
        if (current != null) kept.add(current.getFileName().toString());
        RunHistory.lastPublished(stateDir, current).ifPresent(p -> kept.add(p.folder()));
        Instant cutoff = now.minus(Duration.ofDays(keepDays));
        List<String> removed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Path folder : folders(stateDir.resolve("runs"))) {
            String name = folder.getFileName().toString();
            if (kept.contains(name) || !started(name).map(t -> t.isBefore(cutoff)).orElse(false)) continue;
            try {
                deleteTree(folder);
                removed.add(name);
            } catch (IOException | UncheckedIOException e) {
                failed.add(name + " (" + e.getMessage() + ")");
            }
        }
        if (removed.isEmpty() && failed.isEmpty()) return Optional.empty();
        String span = removed.isEmpty() ? "" : removed.size() == 1 ? ", " + removed.get(0)
                : ", " + removed.get(0) + " to " + removed.get(removed.size() - 1);
        String notice = "run folders older than " + keepDays + " days (MIGRATOR_KEEP_RUN_DAYS): removed " + removed.size() + span;
        return Optional.of(failed.isEmpty() ? notice : notice + "; could not remove " + String.join(", ", failed));
    }

    /** When a run folder's run started, from its name; empty for any other name (20260807T000060Z included). */
    private static Optional<Instant> started(String name) {
        Matcher run = RUN_FOLDER.matcher(name);
        if (!run.matches()) return Optional.empty();
        try {
            return Optional.of(Instant.from(NAME.parse(run.group(1))));
        } catch (DateTimeException notATime) {
            return Optional.empty();
        }
    }

    private static List<Path> folders(Path runs) {
        if (!Files.isDirectory(runs)) return List.of();
        try (Stream<Path> folders = Files.list(runs)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the run folders under " + runs + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
