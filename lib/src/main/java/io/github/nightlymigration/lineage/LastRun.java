package io.github.nightlymigration.lineage;

import io.github.nightlymigration.report.RunHistory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;

/**
 * The latest run that published (report.json status "succeeded"): what it said about one old row.
 * Rejections are in rejects.csv one per row; warnings are counted in report.json with the first
 * few old ids each, so a warning beyond those examples cannot be pinned on a row (the trace says so).
 */
final class LastRun {
    /** One thing the run said about a row. */
    record Finding(String outcome, String text) {}

    private final Path folder;
    private final JsonNode report;

    private LastRun(Path folder, JsonNode report) {
        this.folder = folder;
        this.report = report;
    }

    /** Null when no run has published yet. */
    static LastRun latest(Path stateDir) {
        return RunHistory.lastPublished(stateDir, null).map(p -> {
            Path folder = stateDir.resolve("runs").resolve(p.folder());
            return new LastRun(folder, RunHistory.read(folder.resolve("report.json")));
        }).orElse(null);
    }

    String name() {
        return folder.getFileName().toString();
    }

    List<Finding> about(String oldTable, long oldId) {
        List<Finding> found = new ArrayList<>();
        Path rejects = folder.resolve("rejects.csv");
        if (Files.exists(rejects)) {
            try (Reader in = Files.newBufferedReader(rejects, StandardCharsets.UTF_8)) {
                for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                    if (r.get("old_table").equals(oldTable) && r.get("old_id").equals(Long.toString(oldId))) {
                        found.add(new Finding("rejected", r.get("reason")));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + rejects + ": " + e.getMessage(), e);
            }
        }
        for (JsonNode w : report.path("warnings")) {
            String text = w.path("warning").asString();
            if (!text.startsWith(oldTable + ": ")) continue;
            for (JsonNode id : w.path("example_old_ids")) {
                if (id.asLong() == oldId) found.add(new Finding("warning", text.substring(oldTable.length() + 2)));
            }
        }
        return found;
    }

    /** Warnings of the table counted beyond their recorded example ids: the row may have one of them. */
    List<String> untraceableWarnings(String oldTable) {
        List<String> out = new ArrayList<>();
        for (JsonNode w : report.path("warnings")) {
            String text = w.path("warning").asString();
            if (text.startsWith(oldTable + ": ") && w.path("count").asLong() > w.path("example_old_ids").size()) {
                out.add(text.substring(oldTable.length() + 2) + " (" + w.path("count").asLong() + " rows)");
            }
        }
        return out;
    }
}
