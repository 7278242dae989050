package io.github.nightlymigration.notebook;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code display(Object)} and {@code updateDisplay(String, Object)} functions every cell can call,
 * with the same signatures as IJava's and JJava's, so a notebook using them runs on any of these kernels.
 * A long step can show live progress: {@code String id = display(progress);} then
 * {@code updateDisplay(id, progress);} whenever it changes.
 */
public final class NotebookDisplay {
    private static volatile DisplaySink current;

    private NotebookDisplay() {
    }

    /** Shows the object's rich rendering below the cell now; returns the id to update it with. */
    public static String display(Object value) {
        String id = UUID.randomUUID().toString();
        sink().display(RichRenderer.render(value), id);
        return id;
    }

    /** Replaces what {@link #display(Object)} showed under that id with a rendering of the object. */
    public static void updateDisplay(String displayId, Object value) {
        sink().updateDisplay(RichRenderer.render(value), displayId);
    }

    /**
     * Lets a library render its own types (kernel-neutral: a JDK function type, called by reflection from
     * libraries that do not depend on this kernel). {@code renderer} returns MIME type -> content for values
     * it knows, null for others; registering again under the same {@code owner} replaces the previous one.
     */
    public static void useRenderer(String owner, Function<Object, Map<String, String>> renderer) {
        RichRenderer.use(owner, renderer);
    }

    static void attach(DisplaySink sink) {
        current = sink;
    }

    static void detach(DisplaySink sink) {
        if (current == sink) {
            current = null;
        }
    }

    private static DisplaySink sink() {
        DisplaySink sink = current;
        if (sink == null) {
            throw new IllegalStateException("display(...) works only while a notebook cell is running");
        }
        return sink;
    }
}
