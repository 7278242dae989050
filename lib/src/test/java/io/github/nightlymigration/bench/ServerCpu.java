package io.github.nightlymigration.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * CPU seconds used so far by the PostgreSQL server under test, from /proc: its postmaster
 * (found as the parent of a backend of ours), with the time of the children it has reaped
 * (backends that exited), plus its live children. Other clusters on the machine, and other
 * helpers' servers, are not counted: the server's share of a run on the same cores.
 */
final class ServerCpu {
    private final long postmaster;

    private ServerCpu(long postmaster) {
        this.postmaster = postmaster;
    }

    static ServerCpu of(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return new ServerCpu(Long.parseLong(fields(Path.of("/proc", rs.getString(1), "stat"))[1]));
        } catch (IOException e) {
            throw new IllegalStateException("cannot find the server's postmaster in /proc: " + e.getMessage(), e);
        }
    }

    double seconds() {
        long ticks = 0;
        try {
            String[] own = fields(Path.of("/proc", Long.toString(postmaster), "stat"));
            for (int i = 11; i <= 14; i++) ticks += Long.parseLong(own[i]); // utime, stime, cutime, cstime
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                    p -> p.getFileName().toString().matches("\\d+"))) {
                for (Path proc : procs) {
                    String[] f;
                    try {
                        f = fields(proc.resolve("stat"));
                    } catch (IOException gone) {
                        continue;
                    }
                    if (Long.parseLong(f[1]) != postmaster) continue;
                    for (int i = 11; i <= 14; i++) ticks += Long.parseLong(f[i]);
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / 100.0; // USER_HZ
    }

    /** The fields after the parenthesised name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime. */
    private static String[] fields(Path stat) throws IOException {
        String s = Files.readString(stat);
        return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    }
}
