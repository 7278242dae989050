package io.github.nightlymigration.report;

import java.util.List;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tonight's counts beside the last published night's: per old table the rows read, per new table the rows
 * written. The shrink guard fills it in before the publish; the report, the console and notebook 01 show it.
 *
 * @param comparedWith the last published run's folder name, or null on the first run
 * @param acceptedBy   what accepted a shrink beyond the limits for this run, or null
 */
public record NightOverNight(String comparedWith, List<Row> rows, String acceptedBy) {
    /** What became of one table since the last published night. */
    public enum Verdict {
        /** No published night to compare with. */
        FIRST("first run"),
        SAME("same"),
        GREW("grew"),
        /** Fewer rows, within the table's limit (ordinary churn). */
        CHURN("churn"),
        /** Lost more than the table's limit, or became empty. */
        SHRANK("SHRANK");

        final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** @param last null on the first run; {@code limit} says which limit applied, for messages */
    public record Row(String side, String table, Long last, long tonight, Verdict verdict, String limit) {
        public Long change() {
            return last == null ? null : tonight - last;
        }
    }

    public NightOverNight {
        rows = List.copyOf(rows);
    }

    public boolean firstRun() {
        return comparedWith == null;
    }

    public List<Row> shrunk() {
        return rows.stream().filter(r -> r.verdict() == Verdict.SHRANK).toList();
    }

    /** A shrink beyond the limits that nothing accepted: the run must not publish. */
    public boolean refuses() {
        return !shrunk().isEmpty() && acceptedBy == null;
    }

    /** One line for the run history and the console. */
    public String summary() {
        if (firstRun()) return "first run: nothing to compare with, published without a shrink check";
        List<Row> shrunk = shrunk();
        if (shrunk.isEmpty()) return "compared with " + comparedWith + ": no table shrank beyond its limit";
        String tables = String.join(", ", shrunk.stream().map(NightOverNight::describe).toList());
        return (acceptedBy == null ? "would shrink beyond the limit: " : "shrink accepted by " + acceptedBy + ": ")
                + tables;
    }

    /** "comments (old) 54,120 -> 0 (-100.0%, limit 10% (MIGRATOR_SHRINK_LIMIT))". */
    static String describe(Row r) {
        return String.format("%s (%s) %,d -> %,d (%s, limit %s)", r.table(), r.side(), r.last(), r.tonight(),
                share(r), r.limit());
    }

    public Table table() {
        Table t = Table.create("night over night" + (comparedWith == null ? " (first run)" : ", against " + comparedWith),
                StringColumn.create("side"), StringColumn.create("table"), LongColumn.create("last night"),
                LongColumn.create("tonight"), LongColumn.create("difference"), StringColumn.create("change"),
                StringColumn.create("verdict"));
        for (Row r : rows) {
            t.stringColumn(0).append(r.side());
            t.stringColumn(1).append(r.table());
            if (r.last() == null) t.longColumn(2).appendMissing();
            else t.longColumn(2).append(r.last());
            t.longColumn(3).append(r.tonight());
            if (r.change() == null) t.longColumn(4).appendMissing();
            else t.longColumn(4).append(r.change());
            t.stringColumn(5).append(share(r));
            t.stringColumn(6).append(r.verdict().label);
        }
        return t;
    }

    String toText() {
        StringBuilder out = new StringBuilder(summary()).append('\n');
        out.append(String.format("%-4s %-15s %12s %12s %10s %8s  %s%n", "side", "table", "last night", "tonight",
                "diff", "change", "verdict"));
        for (Row r : rows) {
            out.append(String.format("%-4s %-15s %12s %,12d %10s %8s  %s%n", r.side(), r.table(),
                    r.last() == null ? "-" : String.format("%,d", r.last()), r.tonight(),
                    r.change() == null ? "-" : String.format("%+,d", r.change()), share(r), r.verdict().label));
        }
        return out.toString();
    }

    String toHtml() {
        StringBuilder out = new StringBuilder("<p>").append(ReportText.esc(summary())).append("</p>");
        out.append("<table><tr>").append(ReportText.text("th", "side")).append(ReportText.text("th", "table"))
                .append("<th>last night</th><th>tonight</th><th>difference</th><th>change</th>")
                .append(ReportText.text("th", "verdict")).append("</tr>");
        for (Row r : rows) {
            String style = r.verdict() == Verdict.SHRANK ? " style='color:#b00;font-weight:bold'" : "";
            out.append(String.format("<tr%s>%s%s<td>%s</td><td>%,d</td><td>%s</td><td>%s</td>%s</tr>", style,
                    ReportText.text("td", r.side()), ReportText.text("td", r.table()),
                    r.last() == null ? "-" : String.format("%,d", r.last()), r.tonight(),
                    r.change() == null ? "-" : String.format("%+,d", r.change()), share(r),
                    ReportText.text("td", r.verdict().label)));
        }
        return out.append("</table>").toString();
    }

    private static String share(Row r) {
        if (r.last() == null) return "";
        if (r.last() == 0) return r.tonight() == 0 ? "0%" : "new";
        return String.format("%+.1f%%", 100.0 * (r.tonight() - r.last()) / r.last());
    }
}
