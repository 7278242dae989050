package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while the translator is being saved, night after night: each kill waits for the child to
 * start a save, then lands 0-25 ms into it, so appended segments, their header writes and the
 * compactions that rewrite the file all get hit. After every kill the file must
 * open and hold exactly the nights saved before the kill, or one more: never a part of a night.
 */
class TranslatorSaveKillFaultTest {
    private static final int BASE = 5_000;
    private static final int PER_NIGHT = 100;

    @TempDir Path dir;

    @Test
    void aKillAtAnyPointLeavesTheOldOrTheNewTranslator() throws Exception {
        Path file = dir.resolve("translator.db");
        Random random = new Random(25);
        List<String> outcomes = new ArrayList<>();
        int kills = 20;
        int lastNights = -1;
        int inSave = 0;
        for (int k = 0; k < kills; k++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    Nights.class.getName(), file.toString()).redirectErrorStream(true).start();
            List<String> saved = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (saved) {
                            saved.add(line);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // killed
                }
            });
            reader.start();
            int first = 1 + random.nextInt(3); // let it save a few nights first, however slow the machine
            long until = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < until && count(saved, "SAVED ") < first && child.isAlive()) Thread.sleep(5);
            int seen = lines(saved);
            while (System.currentTimeMillis() < until && !savingAfter(saved, seen) && child.isAlive()) Thread.sleep(1);
            Thread.sleep(random.nextInt(25)); // into the save: its writes, fsyncs, header, or a compaction
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join(5_000);
            int before;
            int confirmed;
            synchronized (saved) {
                assertTrue(saved.stream().allMatch(l -> l.matches("(FROM|SAVING|SAVED) -?\\d+")), saved.toString());
                if (!saved.isEmpty() && saved.get(saved.size() - 1).startsWith("SAVING ")) inSave++;
                before = saved.stream().filter(l -> l.startsWith("FROM ")).mapToInt(l -> Integer.parseInt(l.substring(5)))
                        .findFirst().orElse(lastNights);
                confirmed = saved.stream().filter(l -> l.startsWith("SAVED ")).mapToInt(l -> Integer.parseInt(l.substring(6)))
                        .max().orElse(before);
            }
            int nights = nightsIn(file);
            assertTrue(nights == confirmed || nights == confirmed + 1,
                    "kill " + k + ": the file holds " + nights + " nights, the child had confirmed " + confirmed);
            outcomes.add(nights == confirmed ? "old" : "new");
            lastNights = nights;
        }
        assertTrue(lastNights >= kills, "the children saved only " + lastNights + " nights");
        try (var leftovers = Files.list(dir)) {
            List<String> names = leftovers.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("translator.db"), names.toString());
        }
        ReliabilityRecord.passed("translator-save-killed", "Kill while the translator is saved",
                kills + " SIGKILLs, each 0-25 ms after a child that saves night after night started a save (" + PER_NIGHT
                        + " new ids a night on a base of " + BASE + ": appended segments, header writes, compactions)",
                "after each kill the file opens and holds exactly the nights the child confirmed, or one more;"
                        + " every id is the one it was given",
                lastNights + " nights saved in all; " + inSave + " kills landed inside save(); after the kills the file held"
                        + " the last confirmed night ("
                        + outcomes.stream().filter("old"::equals).count() + " times) or the one being saved ("
                        + outcomes.stream().filter("new"::equals).count() + " times)");
    }

    private static int lines(List<String> out) {
        synchronized (out) {
            return out.size();
        }
    }

    private static long count(List<String> out, String prefix) {
        synchronized (out) {
            return out.stream().filter(l -> l.startsWith(prefix)).count();
        }
    }

    private static boolean savingAfter(List<String> out, int from) {
        synchronized (out) {
            return out.subList(from, out.size()).stream().anyMatch(l -> l.startsWith("SAVING "));
        }
    }

    /** Complete nights in the file (-1: none), checking every id against the one it was given. */
    private static int nightsIn(Path file) {
        if (!Files.exists(file)) return -1;
        try (IdTranslator ids = IdTranslator.open(file)) {
            long comments = ids.size(IdKind.COMMENT);
            long groups = ids.size(IdKind.GROUP);
            assertEquals(0, (comments - BASE) % PER_NIGHT, "a part of a night: " + comments + " comments");
            int nights = (int) ((comments - BASE) / PER_NIGHT);
            assertEquals(BASE / 10 + nights * (PER_NIGHT / 10), groups, "groups and comments from the same night");
            long[] expected = {1};
            ids.forEach(IdKind.COMMENT, (oldId, part, bigint, uuid) -> {
                assertEquals(expected[0]++, oldId);
                assertEquals(oldId, bigint);
            });
            assertEquals(comments + 1, expected[0]);
            assertEquals(comments, ids.highWater(IdKind.COMMENT));
            return nights;
        }
    }

    /** The child: night after night, every stored id looked up and new ones handed out, then saved. */
    public static final class Nights {
        public static void main(String[] args) {
            Path file = Path.of(args[0]);
            int night = nightsIn(file) + 1;
            System.out.println("FROM " + (night - 1));
            for (; ; night++) {
                long comments = BASE + (long) night * PER_NIGHT;
                try (IdTranslator ids = IdTranslator.open(file)) {
                    for (long old = 1; old <= comments; old++) ids.bigint(IdKind.COMMENT, old);
                    for (long old = 1; old <= comments / 10; old++) ids.bigint(IdKind.GROUP, old);
                    System.out.println("SAVING " + night);
                    ids.save();
                }
                System.out.println("SAVED " + night);
            }
        }
    }
}
