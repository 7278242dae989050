package io.github.nightlymigration.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run folders' report.json files, newest last: what the nights before this one published, and every run
 * with how it ended. A night is a run that published, or that a guard refused; a dry run, a failed or stopped run
 * and one that never wrote its report (the process was killed) are runs apart, never compared as a night.
 */
public final class RunHistory {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RunHistory() {}

    /** How a run ended, as the history shows it. */
    public enum Outcome {
        PUBLISHED("published"), REFUSED("refused"), DRY_RUN("dry run"), FAILED("failed"), STOPPED("stopped"),
        /** A migration run folder without report.json, while no run holds the lock: the process ended mid-run. */
        DID_NOT_FINISH("did not finish"),
        /** The same while a run holds the lock: the newest such folder is that run. */
        RUNNING("running");

        public final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** Published or refused: a night, whose rows read compare with the night before. */
        public boolean night() {
            return this == PUBLISHED || this == REFUSED;
        }
    }

    /**
     * One run folder.
     *
     * @param durationSeconds null when the run wrote no report
     * @param rowsRead        old rows read, null when the run wrote no report
     * @param reason          why a run that is not a published night ended as it did ("interrupted", "failed: ..."), or null
     * @param nightOverNight  the shrink guard's one-line comparison, or "" before it ran
     */
    /** {@code changedRows}: the rows its change set found changed against the live tables; null when it compared nothing. */
    public record Run(String folder, Outcome outcome, Double durationSeconds, Long rowsRead, String reason,
            String nightOverNight, boolean shrinkAccepted, boolean changesAccepted, Long changedRows) {}

    /** Every migration run folder, oldest first (other commands' folders, with no run report, are left out). */
    public static List<Run> runs(Path stateDir, boolean lockHeld) {
        List<Run> runs = new ArrayList<>();
        List<Path> folders = folders(stateDir);
        for (int i = 0; i < folders.size(); i++) {
            Path folder = folders.get(i);
            String name = folder.getFileName().toString();
            Path report = folder.resolve("report.json");
            if (Files.exists(report)) {
                runs.add(run(name, read(report)));
            } else if (Files.exists(folder.resolve(RunReport.REJECTS_FILE))) { // a run report was started here
                boolean newest = i == folders.size() - 1;
                Outcome outcome = lockHeld && newest ? Outcome.RUNNING : Outcome.DID_NOT_FINISH;
                runs.add(new Run(name, outcome, null, null, outcome == Outcome.RUNNING ? null
                        : "no report: the process ended mid-run (killed, restarted, or the machine went down)", "", false, false, null));
            }
        }
        return runs;
    }

    private static Run run(String folder, JsonNode r) {
        Outcome outcome = switch (r.path("status").asString()) {
            case "succeeded" -> Outcome.PUBLISHED;
            case "refused" -> Outcome.REFUSED;
            case "dry_run" -> Outcome.DRY_RUN;
            case "stopped" -> Outcome.STOPPED;
            case "running" -> Outcome.DID_NOT_FINISH; // the report was written before its end (an older version)
            default -> Outcome.FAILED;
        };
        String error = firstLine(r.path("error").asString(""));
        String reason = switch (outcome) {
            case FAILED -> "failed: " + error;
            case STOPPED -> error.isEmpty() ? "interrupted" : error;
            case REFUSED -> error;
            default -> null;
        };
        JsonNode changed = r.path("changes").path("changed_rows");
        return new Run(folder, outcome, r.path("duration_ms").asLong() / 1000.0, r.path("rows_read").asLong(), reason,
                r.path("night_over_night").path("summary").asString(""),
                present(r.path("night_over_night").path("shrink_accepted_by")),
                present(r.path("changes").path("changes_accepted_by")), changed.isNumber() ? changed.asLong() : null);
    }

    private static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

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
        return folders(stateDir).stream().map(f -> f.resolve("report.json")).filter(Files::exists).toList();
    }

    private static List<Path> folders(Path stateDir) {
        Path runs = stateDir.resolve("runs");
        if (!Files.isDirectory(runs)) return List.of();
        try (Stream<Path> folders = Files.list(runs)) {
            return folders.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
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
