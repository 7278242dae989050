package io.github.nightlymigration.newapp;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs groups of statements side by side, one connection per group at a time: the statements of a
 * group in order on one connection, the groups in the given order as connections come free. After
 * a failure no further group starts; the first failure is thrown once the running ones have ended.
 */
final class ParallelStatements {
    private ParallelStatements() {}

    static void run(List<Connection> connections, Collection<List<String>> groups, BuildProgress board) throws SQLException {
        if (connections.size() == 1 || groups.size() <= 1) {
            for (List<String> group : groups) board.execute(connections.get(0), group);
            return;
        }
        BlockingQueue<Connection> free = new ArrayBlockingQueue<>(connections.size(), false, connections);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(connections.size(), groups.size()), r -> {
            Thread t = new Thread(r, "index-build");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> running = new ArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        try {
            for (List<String> group : groups) {
                running.add(pool.submit(() -> {
                    Connection c = free.take();
                    if (failed.get()) return null;
                    try {
                        board.execute(c, group);
                    } catch (SQLException | RuntimeException e) {
                        failed.set(true);
                        throw e;
                    } finally {
                        free.add(c);
                    }
                    return null;
                }));
            }
            SQLException first = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            if (first != null) throw first;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while building indexes", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
