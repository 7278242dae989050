package io.github.nightlymigration.runbook;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.cutover.FinalValidation;
import io.github.nightlymigration.files.SyncSettings;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** What notebook 05 shows of the cut-over, as tables an operator reads at a glance rather than Java lists and maps. */
public final class CutoverTables {
    private CutoverTables() {}

    /** The settings the cut-over runs with, one per row; {@code files} null when the files are synced elsewhere. */
    public static Table settings(MigratorSettings settings, SyncSettings files) {
        return SettingsTable.of(settings, "files", files == null ? "synced on another machine (skipFiles)"
                : files.filesRoot().toAbsolutePath().normalize() + " -> " + files.target());
    }

    /** The validation's passed checks, split into the check's name and what it found. */
    public static Table checks(FinalValidation validation) {
        Table t = Table.create("checks passed", StringColumn.create("check"), StringColumn.create("result"));
        for (String line : validation.checked()) {
            int colon = line.indexOf(": ");
            row(t, colon < 0 ? line : line.substring(0, colon), colon < 0 ? "" : line.substring(colon + 2));
        }
        return t;
    }

    /** Attachments whose file the old app had itself lost: the new app gets the same gap, so they are listed. */
    public static Table lostFiles(FinalValidation validation) {
        Table t = Table.create(validation.lostFiles().size() + " files the old app lost",
                StringColumn.create("legacy_path"));
        validation.lostFiles().forEach(t.stringColumn(0)::append);
        return t;
    }

    /** Legacy paths that lead outside the attachments tree, with why: the sync refused them, so no file went up. */
    public static Table unsafePaths(FinalValidation validation) {
        Table t = Table.create(validation.unsafePaths().size() + " unsafe paths, not synced",
                StringColumn.create("legacy_path (why)"));
        validation.unsafePaths().forEach(t.stringColumn(0)::append);
        return t;
    }

    private static void row(Table t, String first, String second) {
        t.stringColumn(0).append(first);
        t.stringColumn(1).append(second);
    }
}
