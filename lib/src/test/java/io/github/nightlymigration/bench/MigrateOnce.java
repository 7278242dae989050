package io.github.nightlymigration.bench;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.report.RunReport;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * One migration run in its own JVM, so the benchmark can cap its heap (-Xmx) and read its own
 * heap and RSS. Prints one line: {@code RESULT <seconds> <peak heap after GC, bytes> <peak RSS kB>}.
 * The heap figure is the most the heap held right after a collection: what the run keeps, not
 * the garbage between collections (summing each pool's own peak overstates it past -Xmx).
 */
public final class MigrateOnce {
    private MigrateOnce() {}

    private static final AtomicLong HEAP_AFTER_GC = new AtomicLong();

    public static void main(String[] args) throws Exception {
        watchCollections();
        MigratorSettings settings = MigratorSettings.fromMap(Map.of(
                "MIGRATOR_OLD_URL", args[0], "MIGRATOR_NEW_URL", args[1], "MIGRATOR_STATE_DIR", args[2]));
        long t0 = System.nanoTime();
        RunReport report = new MigrationRun(settings, Progress.NONE).execute(false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "%.1f s, JVM CPU %.1f s, phases (ms) %s%n",
                seconds, os.getProcessCpuTime() / 1e9, report.phaseMillis());
        System.out.println("RESULT " + seconds + " " + HEAP_AFTER_GC.get() + " " + peakRssKb());
    }

    private static void watchCollections() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
                GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                long used = info.getMemoryUsageAfterGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                        .mapToLong(e -> e.getValue().getUsed()).sum();
                HEAP_AFTER_GC.accumulateAndGet(used, Math::max);
            }, null, null);
        }
    }

    /** VmHWM: the resident set's high-water mark, as the kernel counts it. */
    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }
}
