package io.github.nightlymigration.bench;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.report.RunReport;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One migration run in its own JVM, so the benchmark can cap its heap (-Xmx) and read its own
 * heap and RSS. Prints one line: {@code RESULT <seconds> <peak heap after GC, bytes> <peak RSS kB> <ms making
 * the translator durable> <ms publishing>} (-1 for a build without that phase; builds before the
 * translator's own phase saved it inside the publish).
 * The heap figure is the most the heap held right after a collection: what the run keeps, not
 * the garbage between collections (summing each pool's own peak overstates it past -Xmx).
 */
public final class MigrateOnce {
    private MigrateOnce() {}

    public static void main(String[] args) throws Exception {
        HeapWatch heap = HeapWatch.start();
        ThreadCpu threads = ThreadCpu.start();
        Map<String, String> env = new HashMap<>(Map.of(
                "MIGRATOR_OLD_URL", args[0], "MIGRATOR_NEW_URL", args[1], "MIGRATOR_STATE_DIR", args[2]));
        // -Dmigrator.publish=in-place, -Dmigrator.parallelism=1: settings per build in BENCH_COMPARE_JAVA_OPTS
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("migrator."))
                .forEach(k -> env.put("MIGRATOR_" + k.substring(9).toUpperCase(Locale.ROOT), System.getProperty(k)));
        MigratorSettings settings = MigratorSettings.fromMap(env);
        long t0 = System.nanoTime();
        RunReport report = new MigrationRun(settings, Progress.NONE).execute(false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "%.1f s, JVM CPU %.1f s (%s), phases (ms) %s%n",
                seconds, os.getProcessCpuTime() / 1e9, threads.byGroup(), report.phaseMillis());
        System.out.println("publish: " + report.publish());
        Long changes = report.phaseMillis().get("changes");
        System.out.printf(Locale.ROOT, "change set: %s%n", changes == null ? report.changes().lines().get(0)
                : String.format(Locale.ROOT, "%.2f s, %.1f%% of the run", changes / 1e3, changes / 10.0 / seconds));
        System.out.println("RESULT " + seconds + " " + heap.peakAfterGc() + " " + peakRssKb() + " "
                + report.phaseMillis().getOrDefault("translator", -1L) + " " + report.phaseMillis().getOrDefault("publish", -1L));
    }


    /** VmHWM: the resident set's high-water mark, as the kernel counts it. */
    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }
}
