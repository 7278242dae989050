package io.github.nightlymigration.files;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.nightlymigration.export.AtomicFiles;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outcome of one attachment sync: what was uploaded, what was already there, and every file that needs a person's
 * attention. Failed uploads fail the run ({@link #hasFailures()}); missing and orphan files are reported only,
 * because the legacy tree is known to have them.
 *
 * @param wouldUpload in a dry run, the files a real run would upload; empty otherwise
 * @param normalisationMatches files found on disk under their name in another Unicode normalisation form than
 *                     the export's (NFD after a copy through a Mac, or the other way round): used as the same file,
 *                     and listed so a person knows; they are also counted under uploaded or skipped
 * @param phaseMillis  where the time went, in milliseconds per phase in the order they started; the bucket
 *                     listing and the walk of the files tree run beside the other phases, so the phases add up
 *                     to more than {@code durationMillis}
 */
public record SyncReport(String target, boolean dryRun, Instant startedAt, long durationMillis, int rows,
                         int uploaded, long uploadedBytes, int skippedUnchanged, long skippedBytes,
                         List<Item> wouldUpload, List<Item> missing, List<Item> orphans, List<Item> unsafe,
                         List<Item> failed, List<Item> normalisationMatches, Map<String, Long> phaseMillis) {

    public SyncReport {
        phaseMillis = Collections.unmodifiableMap(new LinkedHashMap<>(phaseMillis));
    }

    public static final String FILE_NAME = "files-sync-report.json";

    /** One file: attachment id and storage key are null for an orphan (no row refers to it). */
    public record Item(String attachmentId, String legacyPath, String storageKey, long bytes, String reason) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public boolean hasFailures() {
        return !failed.isEmpty();
    }

    /** 0 when every upload succeeded (missing or orphan files do not count), 1 otherwise. */
    public int exitCode() {
        return hasFailures() ? 1 : 0;
    }

    public Duration duration() {
        return Duration.ofMillis(durationMillis);
    }

    public String toJson() {
        return JSON.writeValueAsString(this) + "\n";
    }

    /** Writes {@value #FILE_NAME} into the run folder, atomically. */
    public Path writeJson(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        AtomicFiles.writeString(file, toJson());
        return file;
    }

    /** One row per outcome with its file count and bytes, for the notebook. */
    public Table toTable() {
        StringColumn outcome = StringColumn.create("outcome");
        LongColumn files = LongColumn.create("files");
        LongColumn bytes = LongColumn.create("bytes");
        for (Object[] line : summaryLines()) {
            outcome.append((String) line[0]);
            files.append((long) line[1]);
            bytes.append((long) line[2]);
        }
        return Table.create("attachment sync" + (dryRun ? " (dry run)" : ""), outcome, files, bytes);
    }

    /**
     * Every file that needs attention (and, in a dry run, each planned upload, and each file found under another
     * normalisation form of its name), one row each.
     */
    public Table itemsTable() {
        StringColumn outcome = StringColumn.create("outcome");
        StringColumn id = StringColumn.create("attachment_id");
        StringColumn path = StringColumn.create("legacy_path");
        StringColumn key = StringColumn.create("storage_key");
        LongColumn bytes = LongColumn.create("bytes");
        StringColumn reason = StringColumn.create("reason");
        Map<String, List<Item>> groups = new LinkedHashMap<>();
        groups.put("failed", failed);
        groups.put("unsafe", unsafe);
        groups.put("missing", missing);
        groups.put("orphan", orphans);
        groups.put("would upload", wouldUpload);
        groups.put("matched across Unicode normalisation forms", normalisationMatches);
        groups.forEach((name, items) -> items.forEach(i -> {
            outcome.append(name);
            id.append(i.attachmentId());
            path.append(i.legacyPath());
            key.append(i.storageKey());
            bytes.append(i.bytes());
            reason.append(i.reason());
        }));
        return Table.create("attachment sync: files needing attention", outcome, id, path, key, bytes, reason);
    }

    /** A readable summary for the console, with the first few files of each problem kind. */
    public String toConsoleTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Attachment sync to %s%s: %d rows in %.1f s%n", target,
                dryRun ? " (dry run, nothing uploaded)" : "", rows, durationMillis / 1000.0));
        out.append(String.format(Locale.ROOT, "  %-22s %10s %14s%n", "outcome", "files", "bytes"));
        for (Object[] line : summaryLines()) {
            out.append(String.format(Locale.ROOT, "  %-22s %10d %14d%n", line[0], line[1], line[2]));
        }
        appendItems(out, "FAILED", failed);
        appendItems(out, "unsafe (not read)", unsafe);
        appendItems(out, "missing on disk", missing);
        appendItems(out, "orphan on disk", orphans);
        appendItems(out, "would upload", wouldUpload);
        appendItems(out, "matched across Unicode normalisation forms (same file)", normalisationMatches);
        if (!phaseMillis.isEmpty()) {
            out.append("Phases (ms): ").append(phasesLine()).append('\n');
        }
        out.append(hasFailures() ? "Result: FAILED (" + failed.size() + " uploads failed)\n" : "Result: OK\n");
        return out.toString();
    }

    /** {@code verifyExport 12, readCsv 40, ...}: the phase timings on one line. */
    public String phasesLine() {
        StringBuilder line = new StringBuilder();
        phaseMillis.forEach((name, ms) -> line.append(line.isEmpty() ? "" : ", ").append(name).append(' ').append(ms));
        return line.toString();
    }

    private List<Object[]> summaryLines() {
        List<Object[]> lines = new ArrayList<>();
        lines.add(new Object[] {"uploaded", (long) uploaded, uploadedBytes});
        lines.add(new Object[] {"skipped (unchanged)", (long) skippedUnchanged, skippedBytes});
        if (dryRun) {
            lines.add(new Object[] {"would upload", (long) wouldUpload.size(), sum(wouldUpload)});
        }
        lines.add(new Object[] {"missing on disk", (long) missing.size(), 0L});
        lines.add(new Object[] {"orphan on disk", (long) orphans.size(), sum(orphans)});
        lines.add(new Object[] {"unsafe", (long) unsafe.size(), 0L});
        lines.add(new Object[] {"failed", (long) failed.size(), sum(failed)});
        return lines;
    }

    private static long sum(List<Item> items) {
        return items.stream().mapToLong(Item::bytes).sum();
    }

    private static void appendItems(StringBuilder out, String title, List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        int shown = Math.min(10, items.size());
        out.append(title).append(" (").append(items.size()).append(shown < items.size() ? ", first " + shown : "")
                .append("):\n");
        for (Item i : items.subList(0, shown)) {
            out.append("  ").append(i.attachmentId() == null ? "-" : i.attachmentId()).append("  ")
                    .append(i.legacyPath() == null ? "" : i.legacyPath())
                    .append(i.reason() == null ? "" : "  (" + i.reason() + ")").append('\n');
        }
    }
}
