package io.github.nightlymigration.runbook;

import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** A Tablesaw table as an HTML table (numbers right-aligned, at most {@link #MAX_ROWS} rows, saying so when cut). */
final class TableHtml {
    static final int MAX_ROWS = 200;

    private TableHtml() {}

    static Map<String, String> bundle(Table table) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", table.rowCount() <= MAX_ROWS ? table.printAll() : table.toString());
        bundle.put("text/html", html(table));
        return bundle;
    }

    static String html(Table table) {
        StringBuilder html = new StringBuilder("<table class=\"runbook-table\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption style=\"text-align:left;font-weight:bold;white-space:nowrap\">").append(escape(table.name())).append("</caption>");
        }
        // Each header aligned as its column: Jupyter's own style right-aligns every header.
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th style=\"text-align:").append(align(column)).append("\">").append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int shown = Math.min(table.rowCount(), MAX_ROWS);
        for (int row = 0; row < shown; row++) {
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                html.append("<td style=\"text-align:").append(align(column)).append("\">")
                        .append(escape(column.getString(row))).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        if (table.rowCount() == 0) html.append("<p><i>no rows</i></p>");
        if (table.rowCount() > shown) {
            html.append(String.format("<p><i>first %,d of %,d rows shown (the Tablesaw table holds them all)</i></p>",
                    shown, table.rowCount()));
        }
        return html.toString();
    }

    private static String align(Column<?> column) {
        return column instanceof NumericColumn<?> ? "right" : "left";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
