package io.github.nightlymigration.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a snippet's {@code do_it$} method on a fresh thread whose context class loader is the
 * snippet's, so libraries that use {@code ServiceLoader} or the context loader find classes added with
 * {@code %classpath}; and stops it on request. Shared by JShell's execution and the compiled-cell replay,
 * so a cell runs on the same kind of thread either way.
 */
final class SnippetThread {

    /**
     * How long an interrupted snippet gets to stop by itself before its thread is stopped: a migration run
     * cancels its statements, rolls back and releases its lock in this time, which a stopped thread might not.
     */
    private static final long INTERRUPT_GRACE_MILLIS = 10_000;

    private final AtomicReference<Thread> running = new AtomicReference<>();
    private volatile boolean stopRequested;

    /** Forgets an earlier stop request; call before each snippet. */
    void reset() {
        stopRequested = false;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /**
     * @return what the method returned
     * @throws InvocationTargetException wrapping whatever the snippet threw
     */
    Object run(Method doit) throws InvocationTargetException, InterruptedException {
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread snippet = new Thread(() -> {
            try {
                result[0] = doit.invoke(null);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "notebook-cell");
        snippet.setContextClassLoader(doit.getDeclaringClass().getClassLoader());
        running.set(snippet);
        try {
            snippet.start();
            snippet.join();
        } finally {
            running.set(null);
        }
        if (thrown[0] != null) {
            throw new InvocationTargetException(thrown[0]);
        }
        return result[0];
    }

    /**
     * Interrupts the running snippet; if it ignores the interrupt, stops its thread (Thread.stop still
     * works on Java 17, as JShell's own local execution relies on it).
     */
    @SuppressWarnings({"deprecation", "removal"})
    void stop() {
        Thread snippet = running.get();
        if (snippet == null) {
            return;
        }
        stopRequested = true;
        snippet.interrupt();
        Thread enforcer = new Thread(() -> {
            try {
                snippet.join(INTERRUPT_GRACE_MILLIS);
                if (snippet.isAlive()) {
                    snippet.stop();
                }
            } catch (InterruptedException | UnsupportedOperationException e) {
                // Nothing more can be done: the cell stays stopped-requested and reports so when it ends.
            }
        }, "notebook-cell-stopper");
        enforcer.setDaemon(true);
        enforcer.start();
    }
}
