package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TableChecksums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A damaged translator after a good night, through the whole run: exit 3, a message pointing at
 * the restore from the ID export, the damaged file left as it is, and nothing written.
 */
class TranslatorDamageFaultTest extends MigrationFixture {

    @Test
    void everyKindOfDamageIsRefusedPointingAtTheRestore() throws Exception {
        try (var c = io.github.nightlymigration.support.TestDatabases.connect(oldUrl)) {
            new io.github.nightlymigration.demo.LegacyDataGenerator(0.01, 5L, Progress.NONE).fill(c);
        }
        migrate();
        Path file = MigrationRun.translatorFile(state);
        byte[] good = Files.readAllBytes(file);
        Map<String, String> published = TableChecksums.of(target);
        Map<String, UnaryOperator<byte[]>> damages = new LinkedHashMap<>();
        damages.put("truncated to half", b -> Arrays.copyOf(b, b.length / 2));
        damages.put("truncated by one byte", b -> Arrays.copyOf(b, b.length - 1));
        damages.put("empty", b -> new byte[0]);
        damages.put("first 4 KiB zeroed", b -> zero(b, 0, 4096));
        for (int i = 1; i <= 7; i++) {
            int at = (int) ((long) good.length * i / 8);
            damages.put("4 KiB zeroed at " + i + "/8 of the file", b -> zero(b, at, 4096));
        }
        damages.put("wrong file (report.json)", b -> readUnchecked(latestRun().resolve("report.json")));
        damages.put("wrong file (random bytes)", b -> {
            byte[] r = new byte[b.length];
            new java.util.Random(1).nextBytes(r);
            return r;
        });
        List<String> results = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        Map<String, String> goodIds = FaultFixture.translations(state);
        Map<String, String> ids = FaultFixture.idFingerprints(target);
        for (var damage : damages.entrySet()) {
            byte[] bad = damage.getValue().apply(good.clone());
            Files.write(file, bad);
            Map<String, String> readBack = readable();
            if (readBack != null) {
                // Damage where nothing is read (the header's padding) is harmless only if every id reads back.
                assertEquals(goodIds, readBack, damage.getKey() + " opened with different translations");
                migrate();
                assertEquals(ids, FaultFixture.idFingerprints(target), damage.getKey());
                published = TableChecksums.of(target); // rows without timestamps carry this run's start time
                results.add(damage.getKey() + ": opens with every translation intact, run ok");
                continue;
            }
            MigratorException e = assertThrows(MigratorException.class, this::migrate, damage.getKey() + " was accepted");
            results.add(damage.getKey() + ": exit " + e.exitCode());
            if (e.exitCode() != MigratorException.TRANSLATOR) accepted.add(damage.getKey() + " -> " + e.getMessage());
            assertTrue(e.getMessage().contains("--restore-translator"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            assertArrayEquals(bad, Files.readAllBytes(file), "the damaged file is kept for inspection, not replaced");
            assertEquals(published, TableChecksums.of(target));
        }
        assertEquals(List.of(), accepted);
        // Damage to the structure is always refused; every byte of the data is under a checksum, so zeros that
        // change anything are refused too (only zeros written over zeros, in the header's padding, change nothing).
        for (String mustRefuse : List.of("truncated to half", "empty", "first 4 KiB zeroed", "wrong file (report.json)",
                "wrong file (random bytes)")) {
            assertTrue(results.contains(mustRefuse + ": exit 3"), mustRefuse + ": " + results);
        }
        Files.write(file, good);
        assertEquals(1, migrate().status() == io.github.nightlymigration.report.RunReport.Status.SUCCEEDED ? 1 : 0);
        ReliabilityRecord.passed("translator-damage", "Translator damage",
                damages.size() + " damaged translator files after a good night: " + String.join(", ", damages.keySet()),
                "refused: exit code 3, one line naming --restore-translator, the damaged file kept byte for byte, new "
                        + "tables unchanged; or, if the file still opens, every translation reads back identical and the "
                        + "run keeps every id; with the good file back the next run succeeds",
                String.join("; ", results));
    }

    /** The translations in the file, or null when it is refused. */
    private Map<String, String> readable() {
        try {
            return FaultFixture.translations(state);
        } catch (MigratorException e) {
            return null;
        }
    }

    private static byte[] zero(byte[] b, int from, int length) {
        Arrays.fill(b, Math.min(from, b.length), Math.min(from + length, b.length), (byte) 0);
        return b;
    }

    private Path latestRun() {
        try (var runs = Files.list(state.resolve("runs"))) {
            return runs.sorted().reduce((a, z) -> z).orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] readUnchecked(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
