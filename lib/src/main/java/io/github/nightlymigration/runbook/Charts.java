package io.github.nightlymigration.runbook;

import java.util.UUID;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.LinePlot;
import tech.tablesaw.plotly.api.VerticalBarPlot;
import tech.tablesaw.plotly.components.Figure;

/**
 * Plotly charts of Tablesaw tables as HTML that any Java kernel can show: wrap with
 * {@link Html#of} (the project's kernel also renders a bare {@code Figure}).
 */
public final class Charts {
    private Charts() {}

    /** A figure as self-contained HTML: a div and the script that draws it (Plotly from its CDN). */
    public record Chart(Figure figure) {
        public String toHtml() {
            String div = "chart-" + UUID.randomUUID();
            return "<div id='" + div + "'></div><script src='https://cdn.plot.ly/plotly-1.58.5.min.js'></script>"
                    + "<script>" + figure.asJavascript(div) + "</script>";
        }

        @Override
        public String toString() {
            return "chart (open the notebook to see it)";
        }
    }

    public static Chart bars(String title, Table table, String category, String value) {
        return new Chart(VerticalBarPlot.create(title, table, category, value));
    }

    public static Chart lines(String title, Table table, String x, String y, String group) {
        return new Chart(LinePlot.create(title, table, x, y, group));
    }
}
