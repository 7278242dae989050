package io.github.nightlymigration.translate;

import io.github.nightlymigration.export.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The time stamped on an old row whose created_at and updated_at are both NULL, kept from the first run that saw it,
 * so that the same old row gives the same new row every night (and the change set does not show it as changed).
 * Beside the translator as {@code first-stamps.csv} ({@code old_table,old_id,stamp}), saved like it before the
 * publish: a complete new file renamed over the old one, never a torn one. Such rows are few (each is a warning in
 * the report), so the file is read whole. Losing it costs one night on which those rows show as changed.
 */
public final class FirstStamps {
    public static final String FILE = "first-stamps.csv";
    private static final String HEADER = "old_table,old_id,stamp";

    private final Path file;
    private final Map<String, Map<Long, LocalDateTime>> stamps = new HashMap<>();
    private boolean changed;

    private FirstStamps(Path file) {
        this.file = file;
    }

    /** The stamps kept in {@code stateDir}; none yet on the first run. */
    public static FirstStamps open(Path stateDir) {
        FirstStamps s = new FirstStamps(stateDir.resolve(FILE));
        if (!Files.exists(s.file)) return s;
        try {
            List<String> lines = Files.readAllLines(s.file, StandardCharsets.UTF_8);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                if (line.isBlank()) continue;
                String[] f = line.split(",", 3);
                s.stamps.computeIfAbsent(f[0], t -> new HashMap<>()).put(Long.parseLong(f[1]), LocalDateTime.parse(f[2]));
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + s.file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) { // a hand-edited or damaged file: starting over costs one night of changed rows
            throw new IllegalStateException(s.file + " is damaged (" + e.getMessage() + "); delete it and the rows with"
                    + " both timestamps NULL get tonight's time once", e);
        }
    }

    /** The stamp this old row got on the first night that saw it, or {@code tonight} when tonight is that night. */
    public synchronized LocalDateTime stamp(String oldTable, long oldId, LocalDateTime tonight) {
        LocalDateTime kept = stamps.computeIfAbsent(oldTable, t -> new HashMap<>()).putIfAbsent(oldId, tonight);
        if (kept != null) return kept;
        changed = true;
        return tonight;
    }

    /** Writes the file when tonight stamped a row for the first time (before the publish, like the translator). */
    public synchronized void save() {
        if (!changed) return;
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        new TreeMap<>(stamps).forEach((table, rows) -> new TreeMap<>(rows).forEach((id, at) ->
                out.append(table).append(',').append(id).append(',').append(at).append('\n')));
        AtomicFiles.writeString(file, out.toString());
        changed = false;
    }
}
