package io.github.nightlymigration.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** {@code <state>/runs/<UTC timestamp>/}: one folder per run (reports, rejects, executed notebooks). */
public final class RunFolders {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

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
}
