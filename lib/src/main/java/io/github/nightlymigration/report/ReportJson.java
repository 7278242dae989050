package io.github.nightlymigration.report;

import io.github.nightlymigration.changes.ChangeSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** report.json: the machine-readable run report (the notebook's run history reads these). */
final class ReportJson {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportJson() {}

    static Map<String, Object> toMap(RunReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("status", report.status().name().toLowerCase());
        root.put("started_at", report.startedAt().toString());
        root.put("finished_at", report.finishedAt() == null ? null : report.finishedAt().toString());
        root.put("duration_ms", report.duration().toMillis());
        root.put("error", report.error());
        root.put("publish", report.publish());
        root.put("rows_read", report.rowsRead());
        root.put("balanced", report.balanced());
        List<Map<String, Object>> tables = new ArrayList<>();
        for (TableAccount a : report.accounts()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("old_table", a.table());
            t.put("read", a.read());
            t.put("written", a.written());
            t.put("merged", a.merged());
            t.put("rejected", a.rejected());
            t.put("balanced", a.balanced());
            tables.add(t);
        }
        root.put("tables", tables);
        root.put("new_tables", report.writtenByNewTable());
        List<Map<String, Object>> warnings = new ArrayList<>();
        report.warnings().forEach((text, w) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("warning", text);
            m.put("count", w.count());
            m.put("example_old_ids", w.examples());
            warnings.add(m);
        });
        root.put("warnings", warnings);
        root.put("noticed", report.noticed());
        root.put("phases_ms", report.phaseMillis());
        root.put("night_over_night", nightOverNight(report.nightOverNight()));
        root.put("changes", changes(report.changes()));
        return root;
    }

    /** The change set's totals (changes.json beside it has the tables and examples): the run history reads them. */
    private static Map<String, Object> changes(ChangeSet c) {
        if (c == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("compared_with", c.comparedWith());
        m.put("note", c.note());
        m.put("changed_rows", c.wasCompared() ? c.changedRows() : null);
        m.put("over_limit", c.overLimit());
        m.put("changes_accepted_by", c.acceptedBy());
        return m;
    }

    private static Map<String, Object> nightOverNight(NightOverNight n) {
        if (n == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("compared_with", n.comparedWith());
        m.put("first_run", n.firstRun());
        m.put("shrink_accepted_by", n.shrunk().isEmpty() ? null : n.acceptedBy());
        m.put("summary", n.summary());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NightOverNight.Row r : n.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("side", r.side());
            row.put("table", r.table());
            row.put("last", r.last());
            row.put("tonight", r.tonight());
            row.put("difference", r.change());
            row.put("verdict", r.verdict().name().toLowerCase());
            rows.add(row);
        }
        m.put("tables", rows);
        return m;
    }

    static void write(RunReport report, Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), toMap(report));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
