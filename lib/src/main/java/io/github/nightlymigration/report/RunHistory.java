package io.github.nightlymigration.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The run folders' report.json files, newest last: what the nights before this one published. */
public final class RunHistory {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RunHistory() {}

    /**
     * What the last published run wrote: per old table the rows it read, per new table the rows it wrote.
     *
     * @param folder the run folder's name
     */
    public record Published(String folder, Map<String, Long> oldRead, Map<String, Long> newWritten) {}

    /** The newest run folder whose report says it published (dry runs, failed and refused runs do not count). */
    public static Optional<Published> lastPublished(Path stateDir, Path exceptFolder) {
        List<Path> reports = reports(stateDir);
        for (int i = reports.size() - 1; i >= 0; i--) {
            Path report = reports.get(i);
            if (report.getParent().equals(exceptFolder)) continue;
            JsonNode r = read(report);
            if (!"succeeded".equals(r.path("status").asString())) continue;
            Map<String, Long> oldRead = new LinkedHashMap<>();
            r.path("tables").forEach(t -> oldRead.put(t.path("old_table").asString(), t.path("read").asLong()));
            Map<String, Long> newWritten = new LinkedHashMap<>();
            r.path("new_tables").properties().forEach(e -> newWritten.put(e.getKey(), e.getValue().asLong()));
            return Optional.of(new Published(report.getParent().getFileName().toString(), oldRead, newWritten));
        }
        return Optional.empty();
    }

    /** Every {@code <state>/runs/<folder>/report.json}, oldest first (folder names are UTC timestamps). */
    public static List<Path> reports(Path stateDir) {
        Path runs = stateDir.resolve("runs");
        if (!Files.isDirectory(runs)) return List.of();
        try (Stream<Path> folders = Files.list(runs)) {
            return folders.sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(f -> f.resolve("report.json")).filter(Files::exists).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run reports under " + runs + ": " + e.getMessage(), e);
        }
    }

    public static JsonNode read(Path report) {
        try {
            return JSON.readTree(report.toFile());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read " + report + ": " + e.getMessage(), e);
        }
    }
}
