package io.github.nightlymigration.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tech.tablesaw.api.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SyncReportTest {

    static final SyncReport.Item MISSING = new SyncReport.Item("a1", "public/system/x", "requests/r/a1/x", 0,
            "not on disk");
    static final SyncReport.Item FAILED = new SyncReport.Item("a2", "public/system/y", "requests/r/a2/y", 42,
            "HTTP 500 InternalError");

    SyncReport report(List<SyncReport.Item> failed) {
        return new SyncReport("s3://b at http://127.0.0.1:9", false, Instant.parse("2026-11-25T22:00:00Z"), 1500, 4,
                2, 300, 1, 100, List.of(), List.of(MISSING), List.of(), List.of(), failed, List.of(), java.util.Map.of());
    }

    @Test
    void missingFilesDoNotFailTheRunButFailedUploadsDo() {
        assertFalse(report(List.of()).hasFailures());
        assertEquals(0, report(List.of()).exitCode());
        assertTrue(report(List.of(FAILED)).hasFailures());
        assertEquals(1, report(List.of(FAILED)).exitCode());
    }

    @Test
    void writesJsonIntoTheRunFolder(@TempDir Path runDir) throws IOException {
        Path file = report(List.of(FAILED)).writeJson(runDir);
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(file));
        assertEquals(2, json.path("uploaded").asInt());
        assertEquals("not on disk", json.path("missing").get(0).path("reason").asString());
        assertEquals("a2", json.path("failed").get(0).path("attachmentId").asString());
        assertEquals(1500, json.path("durationMillis").asLong());
    }

    @Test
    void tablesAndConsoleShowEveryOutcome() {
        SyncReport report = report(List.of(FAILED));
        Table summary = report.toTable();
        assertEquals(List.of("uploaded", "skipped (unchanged)", "missing on disk", "orphan on disk", "unsafe",
                "failed"), summary.stringColumn("outcome").asList());
        assertEquals(2, report.itemsTable().rowCount());
        String console = report.toConsoleTable();
        assertTrue(console.contains("FAILED (1):"), console);
        assertTrue(console.contains("public/system/x  (not on disk)"), console);
        assertTrue(console.endsWith("Result: FAILED (1 uploads failed)\n"), console);
    }
}
