package io.github.nightlymigration.bench;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.report.RunReport;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One migration run in its own JVM, so the benchmark can cap its heap (-Xmx) and read its own
 * heap and RSS. Prints one line: {@code RESULT <seconds> <peak heap after GC, bytes> <peak RSS kB>}.
 * The heap figure is the most the heap held right after a collection: what the run keeps, not
 * the garbage between collections (summing each pool's own peak overstates it past -Xmx).
 */
public final class MigrateOnce {
    private MigrateOnce() {}

    public static void main(String[] args) throws Exception {
        HeapWatch heap = HeapWatch.start();
        MigratorSettings settings = MigratorSettings.fromMap(Map.of(
                "MIGRATOR_OLD_URL", args[0], "MIGRATOR_NEW_URL", args[1], "MIGRATOR_STATE_DIR", args[2]));
        long t0 = System.nanoTime();
        RunReport report = new MigrationRun(settings, Progress.NONE).execute(false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "%.1f s, JVM CPU %.1f s (%s), phases (ms) %s%n",
                seconds, os.getProcessCpuTime() / 1e9, ThreadCpu.byGroup(), report.phaseMillis());
        System.out.println("RESULT " + seconds + " " + heap.peakAfterGc() + " " + peakRssKb());
    }


    /** VmHWM: the resident set's high-water mark, as the kernel counts it. */
    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }
}
