package io.github.nightlymigration.notebook;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable;
import io.github.spencerpark.jupyter.kernel.display.Renderer;

/**
 * Renders a value for a notebook: always text/plain ({@code String.valueOf}), plus, in this order,
 * <ol>
 * <li>a {@link DisplayData} is shown as it is, and a {@link DisplayDataRenderable} renders itself
 * (the jupyter-jvm-basekernel types, which IJava honours too);</li>
 * <li>an object with a public no-argument {@code String toHtml()} method adds text/html;</li>
 * <li>a Tablesaw {@code Table} becomes an HTML table and a Tablesaw/Plotly {@code Figure} an HTML
 * block that loads plotly.js and draws the figure.</li>
 * </ol>
 * Library types are found by class name, so the kernel depends on neither Tablesaw nor the project.
 */
public final class RichRenderer {
    static final String TABLESAW_TABLE = "tech.tablesaw.api.Table";
    static final String TABLESAW_FIGURE = "tech.tablesaw.plotly.components.Figure";
    /** The plotly.js line Tablesaw 0.44's own pages load ("plotly-latest" stays at 1.58.5). */
    static final String PLOTLY_JS = "https://cdn.plot.ly/plotly-1.58.5.min";
    /** A table shows at most this many rows; its text/plain form says how many there are. */
    static final int MAX_TABLE_ROWS = 100;

    private static final Pattern SCRIPT_TAGS = Pattern.compile("</?script[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Gson GSON = new Gson();

    private RichRenderer() {
    }

    public static MimeBundle render(Object value) {
        if (value instanceof DisplayData data) {
            return fromDisplayData(data);
        }
        if (value instanceof DisplayDataRenderable) {
            return fromDisplayData(new Renderer().render(value));
        }
        MimeBundle bundle = new MimeBundle(String.valueOf(value));
        if (value == null || value instanceof CharSequence) {
            return bundle;
        }
        String html = toHtmlMethod(value);
        if (html == null && isA(value.getClass(), TABLESAW_TABLE)) {
            html = tablesawTable(value);
        }
        if (html == null && isA(value.getClass(), TABLESAW_FIGURE)) {
            html = tablesawFigure(value);
        }
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

    private static String tablesawTable(Object table) {
        try {
            Class<?> type = table.getClass();
            String name = (String) type.getMethod("name").invoke(table);
            @SuppressWarnings("unchecked")
            List<String> columns = (List<String>) type.getMethod("columnNames").invoke(table);
            int rows = (Integer) type.getMethod("rowCount").invoke(table);
            Method cell = type.getMethod("getString", int.class, int.class);
            StringBuilder html = new StringBuilder("<table class=\"tablesaw\">");
            if (name != null && !name.isBlank()) {
                html.append("<caption>").append(escape(name)).append("</caption>");
            }
            html.append("<thead><tr>");
            for (String column : columns) {
                html.append("<th>").append(escape(column)).append("</th>");
            }
            html.append("</tr></thead><tbody>");
            for (int row = 0; row < Math.min(rows, MAX_TABLE_ROWS); row++) {
                html.append("<tr>");
                for (int column = 0; column < columns.size(); column++) {
                    html.append("<td>").append(escape(String.valueOf(cell.invoke(table, row, column)))).append("</td>");
                }
                html.append("</tr>");
            }
            html.append("</tbody></table>");
            if (rows > MAX_TABLE_ROWS) {
                html.append("<p>").append(MAX_TABLE_ROWS).append(" of ").append(rows).append(" rows shown</p>");
            }
            return html.toString();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot render the Tablesaw table: " + e, e);
        }
    }

    /** A div plus a script that draws into it, loading plotly.js first (through require.js where the page has it). */
    private static String tablesawFigure(Object figure) {
        String div = "plot-" + UUID.randomUUID();
        String script;
        try {
            script = (String) figure.getClass().getMethod("asJavascript", String.class).invoke(figure, div);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot render the Tablesaw figure: " + e, e);
        }
        String draw = SCRIPT_TAGS.matcher(script).replaceAll("");
        return "<div id=\"" + div + "\"></div>\n<script>\n(function () {\n"
                + "  function draw(Plotly) {\n" + draw + "\n  }\n"
                + "  if (window.Plotly) { draw(window.Plotly); }\n"
                + "  else if (window.requirejs) {\n"
                + "    requirejs.config({paths: {plotly: '" + PLOTLY_JS + "'}});\n"
                + "    requirejs(['plotly'], function (Plotly) { window.Plotly = Plotly; draw(Plotly); });\n"
                + "  } else {\n"
                + "    var s = document.createElement('script');\n"
                + "    s.src = '" + PLOTLY_JS + ".js';\n"
                + "    s.onload = function () { draw(window.Plotly); };\n"
                + "    document.head.appendChild(s);\n"
                + "  }\n})();\n</script>";
    }

    private static boolean isA(Class<?> type, String className) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
