package io.github.nightlymigration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFoldersTest {
    @TempDir Path state;

    @Test
    void foldersOlderThanTheDaysGoButNotTheLastPublishedNightNorTonightNorOtherNames() throws Exception {
        Instant now = Instant.parse("2026-12-06T00:00:02Z");
        for (String name : List.of("20260801T000002Z", "20260802T000002Z", "20260905T000002Z", "20260905T000002Z-1",
                "20260906T235959Z", "20260907T000003Z", "20261205T000002Z", "notes-from-july", "20200107T000060Z")) {
            Path folder = Files.createDirectories(state.resolve("runs").resolve(name));
            Files.writeString(folder.resolve("rejects.csv"), "table,old_id,reason\n");
            Files.createDirectories(folder.resolve("nested"));
        }
        // The last night that published, long ago; a refused one after it.
        Files.writeString(state.resolve("runs/20260801T000002Z/report.json"), "{\"status\" : \"succeeded\"}");
        Files.writeString(state.resolve("runs/20260802T000002Z/report.json"), "{\"status\" : \"refused\"}");
        Files.writeString(state.resolve("runs/20200101T000000Z"), "a file, not a run folder");
        Path tonight = Files.createDirectories(state.resolve("runs/20200102T000000Z")); // a clock set wrong, say

        Optional<String> notice = RunFolders.prune(state, 90, now, tonight);

        assertEquals(Optional.of("run folders older than 90 days (MIGRATOR_KEEP_RUN_DAYS): removed 4, 20260802T000002Z"
                + " to 20260906T235959Z"), notice);
        try (Stream<Path> left = Files.list(state.resolve("runs"))) {
            assertEquals(List.of("20200101T000000Z", "20200102T000000Z", "20200107T000060Z", "20260801T000002Z",
                    "20260907T000003Z", "20261205T000002Z", "notes-from-july"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.exists(state.resolve("runs/20260801T000002Z/rejects.csv")), "the kept folder is whole");
        assertEquals(Optional.empty(), RunFolders.prune(state, 90, now, tonight), "nothing more to remove");
    }

    /** Which night published last is unknown: nothing is removed, and the night goes on. */
    @Test
    void anUnreadableRunReportRemovesNothing() throws Exception {
        Path old = Files.createDirectories(state.resolve("runs/20200101T000000Z"));
        Files.writeString(old.resolve("report.json"), "{\"status\" : \"succ");

        Optional<String> notice = RunFolders.prune(state, 90, Instant.now(), null);

        assertTrue(notice.orElseThrow().startsWith("run folders older than 90 days (MIGRATOR_KEEP_RUN_DAYS): none removed"
                + " (cannot read " + old.resolve("report.json")), notice.orElseThrow());
        assertTrue(Files.isDirectory(old));
    }

    @Test
    void aStateFolderWithoutRunsHasNothingToRemove() {
        assertEquals(Optional.empty(), RunFolders.prune(state, 1, Instant.now(), null));
    }
}
