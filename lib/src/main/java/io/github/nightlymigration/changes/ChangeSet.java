package io.github.nightlymigration.changes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What tonight's run changes in the new database, row by row: per new table the rows added, removed, changed and
 * unchanged against the live table, how many changed in each column, and a few examples with their values before
 * and after and the old row they come from. Computed in PostgreSQL before the publish ({@link ChangeSetQuery});
 * written as changes.json in the run folder ({@link ChangeSetJson}).
 *
 * @param comparedWith the last published run, whose tables are live; null when nothing was compared
 * @param note         why nothing was compared (first run, in-place publish), or null
 * @param tables       per new table, in publish order; empty when nothing was compared
 * @param overLimit    the tables whose changed share is beyond the change guard's limit
 * @param acceptedBy   what accepted changes beyond the limit for this run ({@code --accept-changes}), or null
 */
public record ChangeSet(String comparedWith, String note, Map<String, TableChanges> tables, List<String> overLimit,
        String acceptedBy) {

    /**
     * One table's change: counts, changed rows per column, a few examples.
     *
     * @param byNewApp the live rows the new app wrote since the last publish (its testers' rows, which tonight's data
     *                 replaces: they are among the removed, changed or unchanged ones)
     */
    public record TableChanges(long added, long removed, long changed, long unchanged, long byNewApp,
            Map<String, Long> columns, List<Example> examples) {
        public TableChanges {
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns)); // column order kept
            examples = List.copyOf(examples);
        }

        public TableChanges withExamples(List<Example> named) {
            return new TableChanges(added, removed, changed, unchanged, byNewApp, columns, named);
        }

        /** The live table's rows: the ones a change could touch. */
        public long existing() {
            return changed + unchanged + removed;
        }

        /** "body 7, updated_at 2": the columns that changed, with their rows. */
        public String changedColumns() {
            return String.join(", ", columns.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey() + " " + String.format("%,d", e.getValue())).toList());
        }

        public boolean any() {
            return added + removed + changed > 0;
        }
    }

    /**
     * One changed, added or removed row: its primary key, the old row(s) it comes from ("old.comments:77", null when
     * the translator does not know it yet), and its values: for a changed row only the columns that changed.
     */
    public record Example(String change, Map<String, Object> key, String oldRow, Map<String, Object> before,
            Map<String, Object> after) {}

    public ChangeSet {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        overLimit = List.copyOf(overLimit);
    }

    public static ChangeSet compared(String comparedWith, Map<String, TableChanges> tables) {
        return new ChangeSet(comparedWith, null, tables, List.of(), null);
    }

    /** Nothing compared, and why: said in the file and the report rather than guessed. */
    public static ChangeSet notCompared(String note) {
        return new ChangeSet(null, note, Map.of(), List.of(), null);
    }

    /** The change guard's verdict, for the report and changes.json. */
    public ChangeSet judged(List<String> overLimit, String acceptedBy) {
        return new ChangeSet(comparedWith, note, tables, overLimit, overLimit.isEmpty() ? null : acceptedBy);
    }

    public boolean wasCompared() {
        return note == null;
    }

    /** Rows changed in place, over every table (added and removed rows not counted). */
    public long changedRows() {
        return tables.values().stream().mapToLong(TableChanges::changed).sum();
    }

    /** Per table, the live rows the new app wrote since the last publish. */
    public Map<String, Long> byNewApp() {
        Map<String, Long> out = new LinkedHashMap<>();
        tables.forEach((table, t) -> out.put(table, t.byNewApp()));
        return out;
    }

    /** One line per table that changed, for the cron log and the console; the reason when nothing was compared. */
    public List<String> lines() {
        if (!wasCompared()) return List.of("changes: " + note);
        List<String> out = tables.entrySet().stream().filter(e -> e.getValue().any())
                .map(e -> line(e.getKey(), e.getValue())).toList();
        return out.isEmpty() ? List.of("changes: none, every row as published by " + comparedWith) : out;
    }

    /** "changes: comments 7 changed (body 7), 2 added, 3 removed, 13,751 unchanged; the new app had written 1 of the live rows". */
    static String line(String table, TableChanges t) {
        StringBuilder out = new StringBuilder("changes: ").append(table).append(' ');
        String columns = t.changedColumns();
        out.append(String.format("%,d changed", t.changed()));
        if (!columns.isEmpty()) out.append(" (").append(columns).append(')');
        out.append(String.format(", %,d added, %,d removed, %,d unchanged", t.added(), t.removed(), t.unchanged()));
        if (t.byNewApp() > 0) out.append(String.format("; the new app had written %,d of the live rows", t.byNewApp()));
        return out.toString();
    }
}
