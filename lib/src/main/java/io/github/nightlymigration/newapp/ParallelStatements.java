package io.github.nightlymigration.newapp;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs work side by side on the run's connections: one worker per connection takes the next item (in the
 * given order) and runs its statements. The first failure cancels the statements still running on the other
 * connections and starts no further item, so a failed index build ends the step at once (not when the longest
 * build ends) and is the error thrown.
 */
public final class ParallelStatements {
    private ParallelStatements() {}

    /** One item's work on one connection; each statement it runs is in {@code running} while it runs. */
    public interface Work<T> {
        void run(Connection c, T item, Set<Statement> running) throws SQLException;
    }

    static void run(List<Connection> connections, Collection<List<String>> groups, BuildProgress board) throws SQLException {
        run(connections, groups, "index-build", board::execute);
    }

    /** @param threadName names the workers in thread dumps and in the benchmark's CPU by thread kind */
    public static <T> void run(List<Connection> connections, Collection<T> items, String threadName, Work<T> work)
            throws SQLException {
        Set<Statement> running = ConcurrentHashMap.newKeySet();
        if (connections.size() == 1 || items.size() <= 1) {
            for (T item : items) work.run(connections.get(0), item, running);
            return;
        }
        Queue<T> todo = new ConcurrentLinkedQueue<>(items);
        AtomicReference<SQLException> first = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (Connection c : connections.subList(0, Math.min(connections.size(), items.size()))) {
            Thread worker = new Thread(() -> {
                T item;
                while (first.get() == null && (item = todo.poll()) != null) {
                    try {
                        work.run(c, item, running);
                    } catch (SQLException | RuntimeException e) {
                        SQLException failure = e instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
                        if (first.compareAndSet(null, failure)) cancel(running);
                    }
                }
            }, threadName);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        try {
            for (Thread worker : workers) worker.join();
        } catch (InterruptedException e) {
            first.compareAndSet(null, new SQLException("interrupted while running " + threadName + " statements", e));
            cancel(running);
            Thread.currentThread().interrupt();
        }
        if (first.get() != null) throw first.get();
    }

    private static void cancel(Set<Statement> running) {
        for (Statement s : running) {
            try {
                s.cancel();
            } catch (SQLException ignored) {
                // the statement ended meanwhile, or its connection is gone: either way it runs no longer
            }
        }
    }
}
