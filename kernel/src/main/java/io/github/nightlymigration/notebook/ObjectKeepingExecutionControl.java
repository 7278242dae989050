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
 * exit codes taken from exceptions. It also tells a {@link CompiledCells.Recorder}, if given, which
 * classes JShell loaded and which snippets it ran, so a headless run can keep them for the next night.
 *
 * <p>Snippets run on this class's own thread ({@link SnippetThread}), not through
 * {@code LocalExecutionControl.invoke}. But from JDK 22 on, {@code LocalExecutionControl.load} weaves a
 * check of its stop flag (a call to {@code REPL.$Cancel$.stopCheck()}) into every snippet class, and only
 * its own {@code invoke} defines that class and clears the flag. So each snippet is preceded by a no-op
 * run through that {@code invoke}: the class exists, the flag is down, and {@code super.stop()} can end
 * even a loop that ignores interrupts, where {@code Thread.stop} no longer works (JDK 20 on). On 17 the
 * no-op costs a thread start and weaves nothing.
 */
final class ObjectKeepingExecutionControl extends LocalExecutionControl {

    private static final Method NO_OP;

    static {
        try {
            NO_OP = ObjectKeepingExecutionControl.class.getDeclaredMethod("noOp");
            NO_OP.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SnippetThread thread = new SnippetThread();
    private final CompiledCells.Recorder recorder;
    private Object lastValue;
    private Throwable lastThrown;

    private ObjectKeepingExecutionControl(CompiledCells.Recorder recorder) {
        this.recorder = recorder;
    }

    /** @param recorder told of every class loaded and snippet run, or null */
    static ExecutionControlProvider provider(AtomicReference<ObjectKeepingExecutionControl> created,
            CompiledCells.Recorder recorder) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "object-keeping-local";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                ObjectKeepingExecutionControl control = new ObjectKeepingExecutionControl(recorder);
                created.set(control);
                return control;
            }
        };
    }

    /** Forgets the previous snippet's value and exception; call before each snippet. */
    void clearLast() {
        lastValue = null;
        lastThrown = null;
        thread.reset();
    }

    Object lastValue() {
        return lastValue;
    }

    /** The exception the last snippet threw, as thrown (not JShell's string copy), or null. */
    Throwable lastThrown() {
        return lastThrown;
    }

    boolean stopRequested() {
        return thread.stopRequested();
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        super.load(classes);
        if (recorder != null) {
            recorder.loaded(classes);
        }
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        if (recorder != null) {
            recorder.invoked(doitMethod.getDeclaringClass().getName());
        }
        super.invoke(NO_OP);
        Object result;
        try {
            result = thread.run(doitMethod);
        } catch (InvocationTargetException e) {
            if (thread.stopRequested()) {
                throw new ExecutionControl.StoppedException();
            }
            if (!(e.getCause() instanceof SPIResolutionException)) {
                lastThrown = e.getCause();
            }
            throw e;
        }
        if (thread.stopRequested()) {
            throw new ExecutionControl.StoppedException();
        }
        lastValue = result;
        return valueString(result);
    }

    /** Asks the running snippet to stop; {@code super.stop()} raises the flag that the woven checks read. */
    @Override
    public void stop() {
        thread.stop();
        try {
            super.stop();
        } catch (EngineTerminationException | InternalException e) {
            // Only before the first no-op ran, when no woven snippet runs yet: the interrupt is all there is to do.
        }
    }

    /** What {@link #invoke} runs through JShell's own {@code invoke} before each snippet. */
    private static void noOp() {
    }
}
