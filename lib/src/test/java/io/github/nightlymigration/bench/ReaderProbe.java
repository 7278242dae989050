package io.github.nightlymigration.bench;

import io.github.nightlymigration.rules.MigrationPlan;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Collectors;
import org.jooq.Table;

/**
 * A reader of the new app: every 100 ms, on its own autocommitting connection with a short
 * lock_timeout, asks each new table whether it has a row (which takes the same ACCESS SHARE lock
 * every query of the new app takes). A read that times out waiting for a lock is retried at the
 * next tick; the longest stretch from a read's first try until one got through is what a user of
 * the new app would have waited. It also counts how many tables held rows, to see an emptied one.
 */
public final class ReaderProbe implements AutoCloseable {
    private static final long PERIOD_MS = 100;
    private static final String LOCK_TIMEOUT = "200ms";

    /** What the probe saw; {@code fewestNonEmpty}/{@code mostNonEmpty}: tables with rows, over all reads. */
    public record Observation(Duration longestBlocked, int reads, int timeouts, int errors, String firstError,
            int fewestNonEmpty, int mostNonEmpty) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "longest blocked %.2f s (%d reads, %d lock timeouts, %d errors%s)",
                    longestBlocked.toMillis() / 1000.0, reads, timeouts, errors, firstError == null ? "" : ": " + firstError);
        }
    }

    private final String url;
    private final Thread thread;
    private volatile boolean stopped;
    private long longestNanos;
    private int reads;
    private int timeouts;
    private int errors;
    private String firstError;
    private int fewest = Integer.MAX_VALUE;
    private int most;
    private SQLException failedToStart;

    private ReaderProbe(String url) {
        this.url = url;
        this.thread = new Thread(this::probe, "reader-probe");
        thread.setDaemon(true);
    }

    public static ReaderProbe start(String url) {
        ReaderProbe probe = new ReaderProbe(url);
        probe.thread.start();
        return probe;
    }

    private static String query() {
        return MigrationPlan.newTables().stream().map(Table::getName)
                .map(t -> "(EXISTS (SELECT 1 FROM " + t + "))::int")
                .collect(Collectors.joining(" + ", "SELECT ", ""));
    }

    private void probe() {
        String sql = query();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
            s.execute("SET application_name = 'reader-probe'");
            long blockedSince = -1;
            while (!stopped) {
                long start = System.nanoTime();
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    int nonEmpty = rs.getInt(1);
                    long end = System.nanoTime();
                    synchronized (this) {
                        longestNanos = Math.max(longestNanos, end - (blockedSince < 0 ? start : blockedSince));
                        reads++;
                        fewest = Math.min(fewest, nonEmpty);
                        most = Math.max(most, nonEmpty);
                    }
                    blockedSince = -1;
                } catch (SQLException e) {
                    synchronized (this) {
                        if ("55P03".equals(e.getSQLState())) {
                            timeouts++;
                        } else {
                            errors++;
                            if (firstError == null) firstError = e.getSQLState() + " " + e.getMessage();
                        }
                    }
                    if (blockedSince < 0) blockedSince = start;
                }
                long sleep = PERIOD_MS - (System.nanoTime() - start) / 1_000_000;
                if (sleep > 0) Thread.sleep(sleep);
            }
            if (blockedSince >= 0) {
                synchronized (this) {
                    longestNanos = Math.max(longestNanos, System.nanoTime() - blockedSince);
                }
            }
        } catch (SQLException e) {
            failedToStart = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the probe and returns what it saw. */
    public Observation stop() {
        stopped = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failedToStart != null) throw new IllegalStateException("reader probe could not read: " + failedToStart.getMessage());
        synchronized (this) {
            return new Observation(Duration.ofNanos(longestNanos), reads, timeouts, errors, firstError,
                    reads == 0 ? 0 : fewest, most);
        }
    }

    @Override
    public void close() {
        stopped = true;
    }
}
