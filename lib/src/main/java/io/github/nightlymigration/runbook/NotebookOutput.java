package io.github.nightlymigration.runbook;

import io.github.nightlymigration.lineage.Trace;
import io.github.nightlymigration.report.RunReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * What the notebooks show, the same in every Java kernel: Tablesaw tables as HTML tables, charts as
 * PNG images, live progress and run reports as HTML. {@link #install()} (the notebooks' first cell)
 * teaches the running kernel these types: JJava and IJava through their renderer, the project's
 * kernel through its own hook. A cell then just ends with the table, or calls
 * {@code display(progress)} / {@code updateDisplay(id, progress)}, without knowing which kernel runs it.
 */
public final class NotebookOutput {
    /** The classes rendered here (JJava and IJava look renderers up by exact class). */
    static final List<Class<?>> TYPES = List.of(Table.class, Charts.Chart.class, ProgressBoard.class, RunReport.class,
            Trace.class);

    private NotebookOutput() {}

    /** Registers this library's rendering with whichever kernel runs the notebook; harmless to call again. */
    public static void install() {
        KernelRenderers.register(NotebookOutput::bundle, TYPES);
    }

    /** MIME type -> content for the types above, null for any other value. */
    public static Map<String, String> bundle(Object value) {
        if (value instanceof Displayable d) return d.mimeBundle();
        if (value instanceof Table t) return TableHtml.bundle(t);
        if (value instanceof Trace t) return trace(t);
        if (value instanceof RunReport r) {
            Map<String, String> bundle = new LinkedHashMap<>();
            bundle.put("text/plain", r.toString());
            bundle.put("text/html", r.toHtml());
            return bundle;
        }
        return null;
    }

    private static Map<String, String> trace(Trace trace) {
        StringBuilder html = new StringBuilder("<div class=\"runbook-trace\"><p><b>trace of ")
                .append(TableHtml.escape(trace.subject())).append("</b></p>").append(TableHtml.html(trace.rows()));
        if (trace.findings().rowCount() > 0) html.append(TableHtml.html(trace.findings()));
        else html.append("<p>no rejection and no recorded warning for these old rows in the last successful run</p>");
        if (!trace.notes().isEmpty()) {
            html.append("<ul>");
            trace.notes().forEach(n -> html.append("<li>").append(TableHtml.escape(n)).append("</li>"));
            html.append("</ul>");
        }
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", trace.toString());
        bundle.put("text/html", html.append("</div>").toString());
        return bundle;
    }
}
