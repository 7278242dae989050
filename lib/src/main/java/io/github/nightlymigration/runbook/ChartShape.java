package io.github.nightlymigration.runbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * What {@link Charts#of} makes of a table's columns: the numeric ones are series; a date or time column is a time
 * axis (lines); the text columns together name a category (bars); a table of numbers only is drawn along its first.
 *
 * @param xAxis    the time or number axis of a line chart, null for the row number
 * @param category the text columns' names, joined, when the chart is of categories
 */
record ChartShape(boolean lines, String xAxis, String category, List<String> text, List<String> values) {
    /** Up to this many categories: vertical bars, each labelled. */
    static final int FEW = 15;
    /** Beyond {@link #FEW}: the largest this many as horizontal bars, the rest summed in one more. */
    static final int TOP = 20;
    private static final int LABEL_CHARS = 45;
    private static final List<ColumnType> TIME = List.of(ColumnType.LOCAL_DATE, ColumnType.LOCAL_DATE_TIME,
            ColumnType.INSTANT, ColumnType.LOCAL_TIME);

    static ChartShape of(Table table) {
        List<String> text = new ArrayList<>();
        List<String> values = new ArrayList<>();
        String time = null;
        for (Column<?> c : table.columns()) {
            if (TIME.contains(c.type())) {
                if (time == null) time = c.name();
            } else if (c instanceof NumericColumn<?>) {
                values.add(c.name());
            } else {
                text.add(c.name());
            }
        }
        if (values.isEmpty()) throw new IllegalArgumentException("table " + table.name() + " has no numeric column to chart");
        if (time != null && text.isEmpty()) return new ChartShape(true, time, null, text, values);
        if (text.isEmpty()) {
            // numbers only: along the first of them when there are others, else along the row number
            return values.size() > 1 ? new ChartShape(true, values.get(0), null, text, values.subList(1, values.size()))
                    : new ChartShape(table.rowCount() > FEW, null, null, text, values);
        }
        return new ChartShape(false, null, String.join(" · ", text), text, values);
    }

    /** One row per row of the table: the text columns joined (shortened to stay readable), then the values. */
    Table categories(Table table) {
        if (text.isEmpty()) {
            return table.copy().addColumns(tech.tablesaw.api.IntColumn.indexColumn(category(), table.rowCount(), 1));
        }
        StringColumn names = StringColumn.create(category());
        for (int row = 0; row < table.rowCount(); row++) {
            int r = row;
            names.append(label(String.join(" · ", text.stream().map(c -> table.column(c).getString(r)).toList())));
        }
        Table out = Table.create(table.name(), names);
        for (String v : values) out.addColumns(table.column(v).copy());
        return out;
    }

    @Override
    public String category() {
        return category == null ? "row" : category;
    }

    /**
     * The largest {@link #TOP} rows by the first value, largest on top; the table's name says what the others sum to
     * (a bar of their sum would dwarf the rest).
     */
    static Table top(Table categories, String category, String... values) {
        NumericColumn<?> first = (NumericColumn<?>) categories.column(values[0]);
        int[] order = IntStream.range(0, categories.rowCount()).boxed()
                .sorted(Comparator.comparingDouble((Integer r) -> first.isMissing(r) ? 0 : first.getDouble(r)).reversed())
                .mapToInt(Integer::intValue).toArray();
        StringColumn names = StringColumn.create(category);
        List<DoubleColumn> sums = new ArrayList<>();
        for (String v : values) sums.add(DoubleColumn.create(v));
        int rest = order.length - TOP;
        double[] others = new double[values.length];
        for (int i = 0; i < order.length; i++) {
            int row = order[i];
            if (i < TOP) names.append(categories.stringColumn(category).get(row));
            for (int s = 0; s < values.length; s++) {
                NumericColumn<?> column = (NumericColumn<?>) categories.column(values[s]);
                double value = column.isMissing(row) ? 0 : column.getDouble(row);
                if (i < TOP) sums.get(s).append(value);
                else others[s] += value;
            }
        }
        List<String> sumsOfOthers = new ArrayList<>();
        for (int s = 0; s < values.length; s++) sumsOfOthers.add(String.format("%s %,.0f", values[s], others[s]));
        Table out = Table.create(String.format("the largest %d of %,d; the other %,d: %s", TOP, order.length, rest,
                String.join(", ", sumsOfOthers)), names);
        sums.forEach(out::addColumns);
        return out;
    }

    /** The table's caption, unless it is a query's SQL: then what is drawn, "comments by email (old)". */
    static String title(Table table) {
        String name = table.name() == null ? "" : table.name();
        boolean sql = name.matches("(?is)^(old|new): *(select|with|values)\\b.*");
        if (!sql && !name.isBlank() && name.length() <= 70) return name;
        ChartShape shape = of(table);
        String what = String.join(", ", shape.values()) + (shape.text().isEmpty() ? "" : " by " + String.join(", ", shape.text()));
        return sql ? what + " (" + name.substring(0, 3) + ")" : what;
    }

    private static String label(String text) {
        return text.length() <= LABEL_CHARS ? text : text.substring(0, LABEL_CHARS - 1) + "…";
    }
}
