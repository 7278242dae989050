package io.github.nightlymigration.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nightlymigration.runbook.Inspection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The run history from run folders as runs leave them: nights (published, refused) compared with the last published
 * night only; stopped, failed, dry and unfinished runs apart with their reason; other commands' folders left out.
 */
class RunHistoryTest {
    @TempDir Path state;

    @Test
    void nightsAreComparedWithPublishedNightsOnlyAndOtherRunsAreListedApart() throws Exception {
        report("20261201T010000Z", "succeeded", 1_000, null);
        report("20261202T010000Z", "stopped", 76, "interrupted");
        report("20261202T020000Z", "failed", 200, "database error: connection reset\\nat line 2");
        Files.writeString(Files.createDirectories(state.resolve("runs/20261203T010000Z")).resolve(RunReport.REJECTS_FILE), "");
        report("20261204T010000Z", "dry_run", 990, null);
        report("20261205T010000Z", "refused", 500, "comments (old table) would shrink");
        report("20261206T010000Z", "succeeded", 980, null);
        report("20261207T010000Z", "succeeded", 700, null);
        Files.createDirectories(state.resolve("runs/20261207T020000Z")).resolve("04-inspect.ipynb").toFile().createNewFile();

        Table nights = Inspection.runHistory(state);
        assertEquals(List.of("20261201T010000Z", "20261205T010000Z", "20261206T010000Z", "20261207T010000Z"),
                nights.stringColumn("run").asList());
        assertEquals(List.of("published", "refused", "published", "published"), nights.stringColumn("status").asList());
        assertEquals(List.of(false, true, false, true), nights.booleanColumn("dropped").asList(),
                "each night against the last published one: 500 < 900, 980 against 1,000, 700 < 882");

        Table others = Inspection.otherRuns(state);
        assertEquals(List.of("20261202T010000Z", "20261202T020000Z", "20261203T010000Z", "20261204T010000Z"),
                others.stringColumn("run").asList());
        assertEquals(List.of("stopped", "failed", "did not finish", "dry run"), others.stringColumn("status").asList());
        assertEquals("interrupted", others.stringColumn("reason").get(0));
        assertEquals("failed: database error: connection reset", others.stringColumn("reason").get(1));
        assertEquals(true, others.stringColumn("reason").get(2).startsWith("no report: the process ended mid-run"));
        assertEquals(true, others.doubleColumn("duration_s").isMissing(2), "no report, no duration");
    }

    private void report(String folder, String status, long rowsRead, String error) throws Exception {
        Path dir = Files.createDirectories(state.resolve("runs").resolve(folder));
        Files.writeString(dir.resolve("report.json"), String.format("{\"status\": \"%s\", \"duration_ms\": 12000,"
                + " \"error\": %s, \"rows_read\": %d}", status, error == null ? "null" : "\"" + error + "\"", rowsRead));
    }
}
