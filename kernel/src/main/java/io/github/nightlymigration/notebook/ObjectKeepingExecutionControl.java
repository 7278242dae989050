package io.github.nightlymigration.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import jdk.jshell.spi.SPIResolutionException;

/**
 * JShell's in-process execution, except that it keeps the real value and the real exception of the
 * last snippet: JShell itself only hands back strings, which is too little for rich display and for
 * exit codes taken from exceptions.
 * <p>
 * Each snippet runs on a fresh thread whose context class loader is JShell's, so libraries that use
 * {@code ServiceLoader} or the context loader find classes added with {@code %classpath}.
 */
final class ObjectKeepingExecutionControl extends LocalExecutionControl {

    /** How long an interrupted snippet gets to stop by itself before its thread is stopped. */
    private static final long INTERRUPT_GRACE_MILLIS = 2_000;

    private final AtomicReference<Thread> running = new AtomicReference<>();
    private volatile boolean stopRequested;
    private Object lastValue;
    private Throwable lastThrown;

    static ExecutionControlProvider provider(AtomicReference<ObjectKeepingExecutionControl> created) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "object-keeping-local";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                ObjectKeepingExecutionControl control = new ObjectKeepingExecutionControl();
                created.set(control);
                return control;
            }
        };
    }

    /** Forgets the previous snippet's value and exception; call before each snippet. */
    void clearLast() {
        lastValue = null;
        lastThrown = null;
        stopRequested = false;
    }

    Object lastValue() {
        return lastValue;
    }

    /** The exception the last snippet threw, as thrown (not JShell's string copy), or null. */
    Throwable lastThrown() {
        return lastThrown;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread snippet = new Thread(() -> {
            try {
                result[0] = doitMethod.invoke(null);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "notebook-cell");
        snippet.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        running.set(snippet);
        try {
            snippet.start();
            snippet.join();
        } finally {
            running.set(null);
        }
        if (stopRequested) {
            throw new ExecutionControl.StoppedException();
        }
        if (thrown[0] != null) {
            if (!(thrown[0] instanceof SPIResolutionException)) {
                lastThrown = thrown[0];
            }
            throw new InvocationTargetException(thrown[0]);
        }
        lastValue = result[0];
        return valueString(result[0]);
    }

    /**
     * Interrupts the running snippet; if it ignores the interrupt, stops its thread (Thread.stop still
     * works on Java 17, as JShell's own local execution relies on it).
     */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
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
