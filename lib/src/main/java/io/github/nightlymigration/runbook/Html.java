package io.github.nightlymigration.runbook;

import java.lang.reflect.Method;

/**
 * Rich display that works in every Java kernel the notebooks support. The project's kernel
 * shows any object with a {@code toHtml()} method as HTML by itself; IJava and JJava only show a
 * jupyter-jvm-basekernel {@code DisplayData}, so {@link #of} builds one when such a class is
 * visible (found by name: the library does not depend on any kernel).
 */
public final class Html {
    private static final String[] DISPLAY_DATA = {
        "io.github.spencerpark.jupyter.kernel.display.DisplayData", "org.dflib.jjava.jupyter.kernel.display.DisplayData"};

    private Html() {}

    /** A DisplayData with text/plain and text/html when a kernel provides the class, else the object itself. */
    public static Object of(Object value) {
        String html = html(value);
        if (html == null) return value;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : DISPLAY_DATA) {
            try {
                Class<?> type = Class.forName(name, true, loader);
                Object data = type.getConstructor(String.class).newInstance(String.valueOf(value));
                type.getMethod("putHTML", String.class).invoke(data, html);
                return data;
            } catch (ReflectiveOperationException | LinkageError notThisKernel) {
                // try the next kernel's class
            }
        }
        return value;
    }

    static String html(Object value) {
        if (value == null) return null;
        try {
            Method toHtml = value.getClass().getMethod("toHtml");
            return toHtml.getReturnType() == String.class ? (String) toHtml.invoke(value) : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
