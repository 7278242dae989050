package io.github.nightlymigration.runbook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Charts of Tablesaw tables, drawn in the JVM by JFreeChart and shown as PNG images: they need no
 * script, so they show offline, in an untrusted notebook, in nbconvert's HTML and in GitHub's viewer.
 */
public final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    /** Bars of rows a {@link #highlighting} column marks, e.g. a night whose rows dropped; no series is drawn in it. */
    private static final Color HIGHLIGHT = new Color(0xE1, 0x57, 0x59);
    /** Series colours (Tableau 10 without its red). */
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F),
        new Color(0xB07AA1), new Color(0x76B7B2), new Color(0xEDC948), new Color(0x9C755F), new Color(0xBAB0AC)};
    /** Beyond this many categories only every n-th label is written, so labels never overlap. */
    private static final int MAX_LABELS = 24;

    static {
        // Charts are drawn off-screen, also on a desktop JVM: never try to open a display.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** A drawn chart; {@link #jfreeChart()} gives the JFreeChart object to adjust before it is shown. */
    public static final class Chart implements Displayable {
        private final JFreeChart chart;
        private final int points;

        private Chart(JFreeChart chart, int points) {
            this.chart = chart;
            this.points = points;
        }

        public JFreeChart jfreeChart() {
            return chart;
        }

        public byte[] png() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot draw chart " + chart.getTitle().getText(), e);
            }
            return out.toByteArray();
        }

        @Override
        public Map<String, String> mimeBundle() {
            Map<String, String> bundle = new LinkedHashMap<>();
            bundle.put("text/plain", toString());
            bundle.put("image/png", Base64.getEncoder().encodeToString(png()));
            return bundle;
        }

        @Override
        public String toString() {
            return "chart: " + chart.getTitle().getText() + " (" + points + " points)";
        }
    }

    /** Vertical bars: one per row's {@code category}, one series per value column. */
    public static Chart bars(String title, Table table, String category, String... values) {
        return drawBars(title, table, category, null, values);
    }

    /** Bars as {@link #bars}, those whose row has {@code true} in boolean column {@code highlight} drawn in red. */
    public static Chart highlighting(String title, Table table, String category, String highlight, String value) {
        return drawBars(title, table, category, highlight, value);
    }

    /** Lines: {@code x} along the axis (in row order), one line per distinct {@code group} value, or one when group is null. */
    public static Chart lines(String title, Table table, String x, String y, String group) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int row = 0; row < table.rowCount(); row++) {
            String series = group == null ? y : table.column(group).getString(row);
            data.addValue(number(table, y, row), series, table.column(x).getString(row));
        }
        JFreeChart chart = theme(org.jfree.chart.ChartFactory.createLineChart(title, x, y, data,
                PlotOrientation.VERTICAL, true, false, false));
        LineAndShapeRenderer renderer = (LineAndShapeRenderer) chart.getCategoryPlot().getRenderer();
        renderer.setDefaultShapesVisible(data.getColumnCount() <= 60);
        for (int s = 0; s < data.getRowCount(); s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2.5f));
            renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        }
        return new Chart(categoryLabels(chart, data), table.rowCount());
    }

    /**
     * A chart of any table in one call, titled by its caption ({@link #of(String, Table)} for a title of one's own;
     * a query's caption, which is its SQL, becomes "comments by email").
     */
    public static Chart of(Table table) {
        return of(ChartShape.title(table), table);
    }

    /**
     * A chart of any table, in the shape its columns call for: each numeric column is a series; a time axis (or,
     * with no text column, the first numeric one) draws lines; text columns are categories, drawn as bars when
     * there are few and as horizontal bars of the largest {@value ChartShape#TOP} with the rest summed when there
     * are many, so every label stays readable.
     */
    public static Chart of(String title, Table table) {
        ChartShape shape = ChartShape.of(table);
        if (shape.lines()) {
            Table t = shape.xAxis() == null ? table.copy().addColumns(tech.tablesaw.api.IntColumn.indexColumn("row", table.rowCount(), 1)) : table;
            return lines(title, t, shape.xAxis() == null ? "row" : shape.xAxis(), shape.values().get(0), null);
        }
        Table categories = shape.categories(table);
        String[] values = shape.values().toArray(String[]::new);
        String category = shape.category();
        if (categories.rowCount() <= ChartShape.FEW) return bars(title, categories, category, values);
        return drawBars(title, ChartShape.top(categories, category, values), category, null, PlotOrientation.HORIZONTAL,
                values);
    }

    private static Chart drawBars(String title, Table table, String category, String highlight, String... values) {
        return drawBars(title, table, category, highlight, PlotOrientation.VERTICAL, values);
    }

    private static Chart drawBars(String title, Table table, String category, String highlight,
            PlotOrientation orientation, String... values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int row = 0; row < table.rowCount(); row++) {
            for (String value : values) data.addValue(number(table, value, row), value, table.column(category).getString(row));
        }
        JFreeChart chart = theme(org.jfree.chart.ChartFactory.createBarChart(title, category,
                values.length == 1 ? values[0] : null, data, orientation, values.length > 1, false, false));
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = highlight == null ? new BarRenderer() : new BarRenderer() {
            @Override
            public Paint getItemPaint(int series, int column) {
                return table.booleanColumn(highlight).get(column) ? HIGHLIGHT : super.getItemPaint(series, column);
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.02);
        for (int s = 0; s < data.getRowCount(); s++) renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        plot.setRenderer(renderer);
        if (orientation == PlotOrientation.HORIZONTAL) {
            plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.45f); // long labels (e-mail addresses) in full
            plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_LEFT);
            chart.addSubtitle(new org.jfree.chart.title.TextTitle(table.name(), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
            return new Chart(chart, table.rowCount());
        }
        return new Chart(categoryLabels(chart, data), table.rowCount());
    }

    private static Double number(Table table, String column, int row) {
        Column<?> c = table.column(column);
        if (!(c instanceof NumericColumn<?> n)) {
            throw new IllegalArgumentException("column " + column + " of " + table.name() + " is not numeric");
        }
        return n.isMissing(row) ? null : n.getDouble(row);
    }

    private static JFreeChart theme(JFreeChart chart) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        theme.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        theme.apply(chart);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Tilted labels when there are many; beyond {@link #MAX_LABELS}, every n-th only (the others transparent). */
    private static JFreeChart categoryLabels(JFreeChart chart, DefaultCategoryDataset data) {
        CategoryAxis axis = chart.getCategoryPlot().getDomainAxis();
        int categories = data.getColumnCount();
        int longest = 0;
        for (int i = 0; i < categories; i++) longest = Math.max(longest, data.getColumnKey(i).toString().length());
        if (categories > 8 || categories * longest > 70) axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        int every = (categories + MAX_LABELS - 1) / MAX_LABELS;
        for (int i = 0; every > 1 && i < categories; i++) {
            if (i % every != 0) axis.setTickLabelPaint(data.getColumnKey(i), new Color(0, 0, 0, 0));
        }
        // Row counts are whole: an axis of 0.5, 1.5 ... for three changed rows reads as nonsense.
        if (wholeNumbers(data)) {
            ((NumberAxis) chart.getCategoryPlot().getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        return chart;
    }

    private static boolean wholeNumbers(DefaultCategoryDataset data) {
        for (int r = 0; r < data.getRowCount(); r++) {
            for (int c = 0; c < data.getColumnCount(); c++) {
                Number v = data.getValue(r, c);
                if (v != null && v.doubleValue() != Math.rint(v.doubleValue())) return false;
            }
        }
        return true;
    }
}
