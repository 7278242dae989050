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
 * Runs groups of statements side by side: one worker per connection takes the next group (in the
 * given order) and runs its statements in order. The first failure cancels the statements still
 * running on the other connections and starts no further group, so a failed index build ends the
 * step at once (not when the longest build ends) and is the error thrown.
 */
final class ParallelStatements {
    private ParallelStatements() {}

    static void run(List<Connection> connections, Collection<List<String>> groups, BuildProgress board) throws SQLException {
        if (connections.size() == 1 || groups.size() <= 1) {
            for (List<String> group : groups) board.execute(connections.get(0), group);
            return;
        }
        Queue<List<String>> todo = new ConcurrentLinkedQueue<>(groups);
        Set<Statement> running = ConcurrentHashMap.newKeySet();
        AtomicReference<SQLException> first = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (Connection c : connections.subList(0, Math.min(connections.size(), groups.size()))) {
            Thread worker = new Thread(() -> {
                List<String> group;
                while (first.get() == null && (group = todo.poll()) != null) {
                    try {
                        board.execute(c, group, running);
                    } catch (SQLException | RuntimeException e) {
                        SQLException failure = e instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
                        if (first.compareAndSet(null, failure)) cancel(running);
                    }
                }
            }, "index-build");
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        try {
            for (Thread worker : workers) worker.join();
        } catch (InterruptedException e) {
            first.compareAndSet(null, new SQLException("interrupted while building indexes", e));
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
