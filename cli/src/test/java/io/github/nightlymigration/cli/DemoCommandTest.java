package io.github.nightlymigration.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's first command at its default scale: two nights, ids stable, nothing uploaded twice. */
class DemoCommandTest {
    @TempDir Path folder;

    @Test
    void twoNightsKeepEveryIdAndUploadNothingTheSecondTime() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Commands.line(new DemoCommand()).execute("--state", folder.toString());
        } finally {
            System.setOut(out);
        }
        String summary = captured.toString(StandardCharsets.UTF_8);
        out.println(summary.substring(Math.max(0, summary.indexOf("Summary"))));
        assertEquals(0, exit, summary);
        assertTrue(summary.contains("ids stable across the two nights: yes"), summary);
        assertTrue(summary.matches("(?s).*files, night 1: [1-9][0-9]* uploaded, 0 already in the bucket.*"), summary);
        assertTrue(summary.matches("(?s).*files, night 2: 0 uploaded, [1-9][0-9]* already in the bucket.*"), summary);
        assertFalse(summary.contains("FAILED"));
        assertTrue(summary.contains("inspect (tables and charts"), summary);
        assertTrue(Files.list(folder.resolve("state/runs")).count() >= 7, "a run folder per step and night, and inspect's");
        try (var runs = Files.walk(folder.resolve("state/runs"))) {
            Path inspected = runs.filter(p -> p.getFileName().toString().equals("04-inspect.ipynb")).findFirst().orElseThrow();
            String executed = Files.readString(inspected);
            assertTrue(executed.contains("\"image/png\""), "charts drawn as images in the executed inspect notebook");
            assertTrue(executed.contains("nightly runs"));
        }
        assertEquals(0, Commands.line(new DemoCommand()).execute("--state", folder.toString(), "--clean"));
        assertFalse(Files.exists(folder));
    }
}
