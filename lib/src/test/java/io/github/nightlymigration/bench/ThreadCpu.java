package io.github.nightlymigration.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * This JVM's CPU time by kind of thread (JIT compilers, GC, the run's own threads), from /proc,
 * threads that have ended included. The JVM's own beans do not see the compiler and GC threads
 * (a large share at scale 1) nor threads that have ended (readers, index builders), and a thread
 * factory would not see the JVM's own threads either; so a daemon reads every thread's
 * /proc/self/task/TID/stat every 200 ms and keeps the last figure of each thread. What a thread
 * spent after its last sample is shown as "ended, unsampled": the process total (which the kernel
 * keeps for ended threads too) minus the sum over threads. The sampler's own CPU is shown under its
 * name ("cpu-sampler"): at 50 ms it cost a seventh of a short run's CPU on a loaded machine.
 */
final class ThreadCpu {
    private static final long EVERY_MS = 200;
    private final Map<String, Long> ticksByTid = new HashMap<>();
    private final Map<String, String> groupByTid = new HashMap<>();

    private ThreadCpu() {}

    static ThreadCpu start() {
        ThreadCpu cpu = new ThreadCpu();
        Thread sampler = new Thread(() -> {
            while (true) {
                cpu.sample();
                try {
                    Thread.sleep(EVERY_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return cpu;
    }

    /** CPU seconds by group, the sampler's own time included under its name. */
    synchronized String byGroup() {
        sample();
        Map<String, Long> ticks = new TreeMap<>();
        ticksByTid.forEach((tid, t) -> ticks.merge(groupByTid.get(tid), t, Long::sum));
        try {
            String[] process = fields(Path.of("/proc/self/stat"));
            long total = Long.parseLong(process[11]) + Long.parseLong(process[12]);
            long seen = ticks.values().stream().mapToLong(Long::longValue).sum();
            if (total > seen) ticks.put("ended, unsampled", total - seen);
        } catch (IOException | RuntimeException e) {
            return "per-thread CPU unavailable: " + e.getMessage();
        }
        return ticks.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 100.0))
                .collect(Collectors.joining(", "));
    }

    private synchronized void sample() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                String thread = task.getFileName() + "@" + f[19]; // with its start time: a tid can be reused
                ticksByTid.put(thread, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                groupByTid.put(thread, group(comm));
            }
        } catch (IOException | RuntimeException e) {
            // /proc unavailable: byGroup() says so
        }
    }

    private static String[] fields(Path stat) throws IOException {
        String s = Files.readString(stat);
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }

    /** Thread names as /proc shows them (15 characters at most). */
    private static String group(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) return "JIT";
        if (comm.startsWith("GC ") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) return "GC+VM";
        if (comm.equals("java")) return "main";
        return comm.replaceAll("[-#]?\\d+$", "");
    }
}
