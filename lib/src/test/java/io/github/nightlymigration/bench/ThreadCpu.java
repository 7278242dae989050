package io.github.nightlymigration.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * This JVM's CPU time so far by kind of thread (JIT compilers, GC, the run's own threads), from
 * /proc: the JVM's own beans do not see the compiler and GC threads, and at scale 1 they are a
 * large share of the run.
 */
final class ThreadCpu {
    private ThreadCpu() {}

    static String byGroup() {
        Map<String, Long> ticks = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat = Files.readString(task.resolve("stat"));
                // comm is in parentheses and may hold spaces; utime and stime are fields 14 and 15
                String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                ticks.merge(group(comm), Long.parseLong(after[11]) + Long.parseLong(after[12]), Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return "per-thread CPU unavailable: " + e.getMessage();
        }
        return ticks.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 100.0))
                .collect(Collectors.joining(", "));
    }

    /** Thread names as /proc shows them (15 characters at most). */
    private static String group(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) return "JIT";
        if (comm.startsWith("GC ") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) return "GC+VM";
        if (comm.equals("java")) return "main";
        return comm.replaceAll("[-#]?\\d+$", "");
    }
}
