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
 */
final class ObjectKeepingExecutionControl extends LocalExecutionControl {

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
        Object result;
        try {
            result = thread.run(doitMethod);
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof SPIResolutionException)) {
                lastThrown = e.getCause(); // also when stopped: what the cell said as it stopped
            }
            if (thread.stopRequested()) {
                throw new ExecutionControl.StoppedException();
            }
            throw e;
        }
        if (thread.stopRequested()) {
            throw new ExecutionControl.StoppedException();
        }
        lastValue = result;
        return valueString(result);
    }

    @Override
    public void stop() {
        thread.stop();
    }
}
