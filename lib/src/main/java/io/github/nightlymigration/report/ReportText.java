package io.github.nightlymigration.report;

import java.util.Map;

/** The run report as a console table and as HTML for notebooks. */
final class ReportText {
    private ReportText() {}

    static String render(RunReport r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Run %s: %s in %.1f s, %,d old rows read%n", r.runFolder().getFileName(),
                r.status().name().toLowerCase(), r.duration().toMillis() / 1000.0, r.rowsRead()));
        if (r.error() != null) out.append("error: ").append(r.error()).append('\n');
        if (r.publish() != null) out.append("publish: ").append(r.publish()).append('\n');
        out.append(String.format("%-15s %12s %12s %10s %10s  %s%n", "old table", "read", "written", "merged",
                "rejected", "read = written + merged + rejected"));
        for (TableAccount a : r.accounts()) {
            out.append(String.format("%-15s %,12d %,12d %,10d %,10d  %s%n", a.table(), a.read(), a.written(),
                    a.merged(), a.rejected(), a.balanced() ? "ok" : "BROKEN"));
        }
        out.append(String.format("%-15s %12s%n", "new table", "rows"));
        r.writtenByNewTable().forEach((t, n) -> out.append(String.format("%-15s %,12d%n", t, n)));
        if (r.nightOverNight() != null) out.append(r.nightOverNight().toText());
        if (r.changes() != null) r.changes().lines().forEach(line -> out.append(line).append('\n'));
        Map<String, RunReport.Warning> warnings = r.warnings();
        if (!warnings.isEmpty()) {
            out.append("warnings:\n");
            warnings.forEach((text, w) -> out.append(String.format("  %,10d  %s (e.g. old ids %s)%n", w.count(), text,
                    w.examples())));
        }
        if (!r.noticed().isEmpty()) {
            out.append("noticed (the apps' own changes, carried):\n");
            r.noticed().forEach(n -> out.append("  ").append(n).append('\n'));
        }
        out.append("report: ").append(r.runFolder()).append('\n');
        return out.toString();
    }

    static String renderHtml(RunReport r) {
        StringBuilder out = new StringBuilder("<div>");
        out.append("<p><b>").append(esc(r.runFolder().getFileName().toString())).append("</b>: ")
                .append(r.status().name().toLowerCase())
                .append(String.format(" in %.1f s, %,d old rows read</p>", r.duration().toMillis() / 1000.0,
                        r.rowsRead()));
        if (r.error() != null) out.append("<p style='color:#b00'>").append(esc(r.error())).append("</p>");
        if (r.publish() != null) out.append("<p>publish: ").append(esc(r.publish())).append("</p>");
        out.append("<table><tr>").append(text("th", "old table")).append("<th>read</th><th>written</th><th>merged</th>"
                + "<th>rejected</th>").append(text("th", "identity")).append("</tr>");
        for (TableAccount a : r.accounts()) {
            out.append(String.format("<tr>%s<td>%,d</td><td>%,d</td><td>%,d</td><td>%,d</td>%s</tr>", text("td", a.table()),
                    a.read(), a.written(), a.merged(), a.rejected(), text("td", a.balanced() ? "ok" : "BROKEN")));
        }
        out.append("</table><table><tr>").append(text("th", "new table")).append("<th>rows</th></tr>");
        r.writtenByNewTable().forEach((t, n) ->
                out.append(String.format("<tr>%s<td>%,d</td></tr>", text("td", t), n)));
        out.append("</table>");
        if (r.nightOverNight() != null) out.append(r.nightOverNight().toHtml());
        if (r.changes() != null) {
            out.append("<p>");
            r.changes().lines().forEach(line -> out.append(esc(line)).append("<br>"));
            out.append("</p>");
        }
        if (!r.warnings().isEmpty()) {
            out.append("<table><tr>").append(text("th", "warning")).append("<th>count</th>")
                    .append(text("th", "example old ids")).append("</tr>");
            r.warnings().forEach((warning, w) -> out.append(String.format("<tr>%s<td>%,d</td>%s</tr>",
                    text("td", warning), w.count(), text("td", w.examples().toString()))));
            out.append("</table>");
        }
        if (!r.noticed().isEmpty()) {
            out.append("<table><tr>").append(text("th", "noticed (the apps' own changes, carried)")).append("</tr>");
            r.noticed().forEach(n -> out.append("<tr>").append(text("td", n)).append("</tr>"));
            out.append("</table>");
        }
        return out.append("</div>").toString();
    }

    /** A header or cell of text, left-aligned: Jupyter right-aligns every table cell by itself. Numbers keep that. */
    static String text(String tag, String s) {
        return "<" + tag + " style=\"text-align:left\">" + esc(s) + "</" + tag + ">";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
