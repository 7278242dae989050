package io.github.nightlymigration.notebook;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable;
import io.github.spencerpark.jupyter.kernel.display.Renderer;

/**
 * Renders a value for a notebook: always text/plain ({@code String.valueOf}), plus, in this order,
 * <ol>
 * <li>what a renderer a library registered ({@link NotebookDisplay#useRenderer}) makes of it: the
 * runbook library shows its Tablesaw tables, charts, progress and reports this way, the same way
 * it registers with JJava's and IJava's renderers;</li>
 * <li>a {@link DisplayData} is shown as it is, and a {@link DisplayDataRenderable} renders itself
 * (the jupyter-jvm-basekernel types, which IJava honours too);</li>
 * <li>an object with a public no-argument {@code String toHtml()} method adds text/html.</li>
 * </ol>
 * The kernel knows no library type: it depends on neither Tablesaw nor the project.
 */
public final class RichRenderer {
    private static final Gson GSON = new Gson();
    /** Registered renderers by owner name: a notebook re-run in the same JVM replaces its library's. */
    private static final Map<String, Function<Object, Map<String, String>>> RENDERERS = new ConcurrentHashMap<>();

    private RichRenderer() {
    }

    static void use(String owner, Function<Object, Map<String, String>> renderer) {
        RENDERERS.put(owner, renderer);
    }

    public static MimeBundle render(Object value) {
        if (value instanceof DisplayData data) {
            return fromDisplayData(data);
        }
        if (value instanceof DisplayDataRenderable) {
            return fromDisplayData(new Renderer().render(value));
        }
        if (value == null || value instanceof CharSequence) {
            return new MimeBundle(String.valueOf(value));
        }
        for (Function<Object, Map<String, String>> renderer : RENDERERS.values()) {
            Map<String, String> data = renderer.apply(value);
            if (data != null) {
                MimeBundle bundle = new MimeBundle(data.getOrDefault(MimeBundle.TEXT, String.valueOf(value)));
                data.forEach(bundle::with);
                return bundle;
            }
        }
        MimeBundle bundle = new MimeBundle(String.valueOf(value));
        String html = toHtmlMethod(value);
        return html == null ? bundle : bundle.with(MimeBundle.HTML, html);
    }

    /** Converts back to basekernel's type, for the Jupyter kernel. */
    static DisplayData toDisplayData(MimeBundle bundle) {
        DisplayData data = new DisplayData(bundle.text());
        bundle.data().forEach((mime, content) -> {
            if (!mime.equals(MimeBundle.TEXT)) {
                data.putData(mime, content);
            }
        });
        return data;
    }

    private static MimeBundle fromDisplayData(DisplayData displayData) {
        // DisplayData offers no way to list its types; its JSON form (what Jupyter receives) has them all.
        JsonObject data = GSON.toJsonTree(displayData).getAsJsonObject().getAsJsonObject("data");
        MimeBundle bundle = new MimeBundle(data != null && data.has(MimeBundle.TEXT) ? asText(data.get(MimeBundle.TEXT)) : "");
        if (data != null) {
            for (Map.Entry<String, JsonElement> entry : data.entrySet()) {
                if (!entry.getKey().equals(MimeBundle.TEXT)) {
                    bundle.with(entry.getKey(), asText(entry.getValue()));
                }
            }
        }
        return bundle;
    }

    private static String asText(JsonElement element) {
        return element.isJsonPrimitive() ? element.getAsString() : element.toString();
    }

    private static String toHtmlMethod(Object value) {
        try {
            Method toHtml = value.getClass().getMethod("toHtml");
            if (!CharSequence.class.isAssignableFrom(toHtml.getReturnType())) {
                return null;
            }
            toHtml.trySetAccessible(); // the class itself may be non-public, e.g. declared in a cell
            Object html = toHtml.invoke(value);
            return html == null ? null : html.toString();
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("toHtml() of " + value.getClass().getName() + " failed: " + e.getCause(), e);
        }
    }
}
