package io.github.nightlymigration.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices the operator's interrupt of the run's thread. JDBC does not answer a thread interrupt, so a watcher
 * looks at the thread's flag every 100 ms and, once set, cancels the statements running at that moment (the
 * run then fails at once instead of after a long index build); between rows and steps the run asks
 * {@link #check()}. Remembers the stop even if some library clears the flag.
 */
final class OperatorStop implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final Thread runThread;
    private final Runnable cancelStatements;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "run-stop-watcher");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean requested;

    private OperatorStop(Thread runThread, Runnable cancelStatements) {
        this.runThread = runThread;
        this.cancelStatements = cancelStatements;
    }

    /** Watches the calling thread; {@code cancelStatements} runs once, on the watcher's thread, when it is interrupted. */
    static OperatorStop watchCurrentThread(Runnable cancelStatements) {
        OperatorStop stop = new OperatorStop(Thread.currentThread(), cancelStatements);
        stop.watcher.scheduleWithFixedDelay(stop::look, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return stop;
    }

    private void look() {
        if (requested || !runThread.isInterrupted()) return;
        requested = true;
        cancelStatements.run();
        watcher.shutdown();
    }

    boolean requested() {
        return requested || runThread.isInterrupted();
    }

    /**
     * Whether the operator asked, clearing the thread's interrupt flag if so: the stop becomes the run's
     * {@link RunStoppedException}, and the cleanup (rollback, report, lock file) must not meet file channels that an
     * interrupted thread closes on first use.
     */
    boolean handled() {
        boolean asked = requested();
        if (asked) {
            requested = true;
            Thread.interrupted();
        }
        return asked;
    }

    /** Between rows and steps: stop here if the operator asked. */
    void check() {
        if (requested()) {
            requested = true;
            throw new RunStoppedException();
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
