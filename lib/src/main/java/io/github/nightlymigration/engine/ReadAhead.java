package io.github.nightlymigration.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Iterates rows that a reader thread fetches and decodes a bounded number of batches ahead, so
 * reading the old table (driver decoding, jOOQ records) overlaps the rules and the COPY on the
 * caller's thread. Memory stays bounded by {@code BATCHES * BATCH} rows whatever the table size.
 * Close it before the cursor it reads: closing stops and joins the reader thread.
 */
final class ReadAhead<R> implements Iterator<R>, AutoCloseable {
    private static final int BATCH = 512;
    private static final int BATCHES = 16;

    private final BlockingQueue<List<R>> queue = new ArrayBlockingQueue<>(BATCHES);
    private final List<R> end = new ArrayList<>(0); // the reader's last batch, told apart by identity
    private final Thread reader;
    private volatile Throwable failure;
    private volatile boolean closed;
    private List<R> batch = List.of();
    private int next;

    ReadAhead(Iterable<R> rows, String name) {
        reader = new Thread(() -> read(rows), "read " + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Iterable<R> rows) {
        try {
            List<R> filling = new ArrayList<>(BATCH);
            for (R row : rows) {
                filling.add(row);
                if (filling.size() == BATCH) {
                    queue.put(filling);
                    filling = new ArrayList<>(BATCH);
                }
            }
            if (!filling.isEmpty()) queue.put(filling);
        } catch (InterruptedException e) {
            return; // closed by the consumer
        } catch (Throwable e) {
            failure = e;
        }
        try {
            if (!closed) queue.put(end);
        } catch (InterruptedException ignored) {
            // closed by the consumer meanwhile: nobody waits for the end
        }
    }

    @Override
    public boolean hasNext() {
        if (next < batch.size()) return true;
        if (batch == end) return false;
        try {
            batch = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading ahead", e);
        }
        next = 0;
        if (batch == end && failure != null) {
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            throw new IllegalStateException(failure);
        }
        return next < batch.size();
    }

    @Override
    public R next() {
        if (!hasNext()) throw new NoSuchElementException();
        return batch.get(next++);
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        queue.clear();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
