package io.github.nightlymigration.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used so far by this machine's PostgreSQL processes, from /proc, counting backends
 * that have exited (the postmaster's reaped children): the server's share of a run on the same
 * two cores, which the JVM's own figures do not show.
 */
final class ServerCpu {
    private ServerCpu() {}

    static double seconds() {
        long ticks = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                if (!stat.contains("(postgres)")) continue;
                // after the parenthesised name: utime, stime, cutime, cstime are fields 14-17
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                for (int i = 11; i <= 14; i++) ticks += Long.parseLong(f[i]);
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / 100.0; // USER_HZ
    }
}
