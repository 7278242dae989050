package io.github.nightlymigration.runbook;

import io.github.nightlymigration.changes.ChangeSet;
import io.github.nightlymigration.changes.ChangeSet.Example;
import io.github.nightlymigration.changes.ChangeSetJson;
import io.github.nightlymigration.report.RunHistory;
import io.github.nightlymigration.report.RunReport;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A run's change set for the notebooks: per table, a chart, and the examples side by side. Each answers with a
 * sentence instead when there is nothing to show (no run, the first run, an in-place run).
 */
public final class ChangeTables {
    private ChangeTables() {}

    /** The change set of a run of this notebook, or null when it did not run (or stopped before comparing). */
    public static ChangeSet of(RunReport report) {
        return report == null ? null : report.changes();
    }

    /** What the latest published run changed ("what changed last night"), or null before any compared. */
    public static ChangeSet lastPublished(Path stateDir) {
        return RunHistory.lastPublished(stateDir, null)
                .flatMap(p -> ChangeSetJson.read(stateDir.resolve("runs").resolve(p.folder()))).orElse(null);
    }

    /**
     * Per table: rows added, removed, changed, unchanged, the columns that changed, and how many of the live rows the
     * new app wrote since the last publish (tonight's data replaced them: testers' rows, not the old app's).
     */
    public static Object summary(ChangeSet changes) {
        if (!shown(changes)) return why(changes);
        Table t = Table.create("changes against " + changes.comparedWith(), StringColumn.create("table"),
                LongColumn.create("added"), LongColumn.create("removed"), LongColumn.create("changed"),
                LongColumn.create("unchanged"), StringColumn.create("changed columns"),
                LongColumn.create("written by the new app"));
        changes.tables().forEach((table, c) -> {
            t.stringColumn(0).append(table);
            t.longColumn(1).append(c.added());
            t.longColumn(2).append(c.removed());
            t.longColumn(3).append(c.changed());
            t.longColumn(4).append(c.unchanged());
            t.stringColumn(5).append(c.changedColumns());
            t.longColumn(6).append(c.byNewApp());
        });
        return t;
    }

    /** Added, removed and changed rows per table, as bars. */
    public static Object chart(ChangeSet changes) {
        if (!shown(changes)) return why(changes);
        return Charts.bars("Rows added, removed and changed per table, against " + changes.comparedWith(),
                (Table) summary(changes), "table", "added", "removed", "changed");
    }

    /** Every table's examples. */
    public static Object examples(ChangeSet changes) {
        return examples(changes, null);
    }

    /**
     * One table's examples (every table's when {@code table} is null), side by side: a changed row gives one line
     * per changed column with its value before and after; an added or removed row one line with the whole row.
     */
    public static Object examples(ChangeSet changes, String table) {
        if (!shown(changes)) return why(changes);
        Table t = Table.create("examples" + (table == null ? "" : " of " + table), StringColumn.create("table"),
                StringColumn.create("change"), StringColumn.create("key"), StringColumn.create("old row"),
                StringColumn.create("column"), StringColumn.create("before"), StringColumn.create("after"));
        changes.tables().forEach((name, c) -> {
            if (table != null && !table.equals(name)) return;
            for (Example e : c.examples()) {
                if (e.change().equals("changed")) {
                    e.after().forEach((column, after) -> add(t, name, e, column, text(e.before().get(column)), text(after)));
                } else {
                    add(t, name, e, "(row)", e.before() == null ? "" : text(e.before()), e.after() == null ? "" : text(e.after()));
                }
            }
        });
        return t;
    }

    /** The old row of a table's first example, to trace ("old.comments:77"). */
    public static Optional<String> firstOldRow(ChangeSet changes, String table) {
        if (!shown(changes) || !changes.tables().containsKey(table)) return Optional.empty();
        return changes.tables().get(table).examples().stream().map(Example::oldRow).filter(r -> r != null)
                .map(r -> r.split("[ ,]")[0]).findFirst();
    }

    private static void add(Table t, String table, Example e, String column, String before, String after) {
        t.stringColumn(0).append(table);
        t.stringColumn(1).append(e.change());
        t.stringColumn(2).append(String.join("/", e.key().values().stream().map(String::valueOf).toList()));
        t.stringColumn(3).append(e.oldRow() == null ? "(new tonight)" : e.oldRow());
        t.stringColumn(4).append(column);
        t.stringColumn(5).append(before);
        t.stringColumn(6).append(after);
    }

    private static String text(Object value) {
        if (value instanceof Map<?, ?> row) {
            return String.join(", ", row.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList());
        }
        return value == null ? "NULL" : value.toString();
    }

    private static boolean shown(ChangeSet changes) {
        return changes != null && changes.wasCompared();
    }

    private static String why(ChangeSet changes) {
        return changes == null ? "no change set: no run, or it stopped before comparing" : "no change set: " + changes.note();
    }
}
