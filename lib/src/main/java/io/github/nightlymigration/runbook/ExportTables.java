package io.github.nightlymigration.runbook;

import io.github.nightlymigration.export.ExportManifest;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** An export's manifest as a Tablesaw table: file, rows, bytes, SHA-256. */
public final class ExportTables {
    private ExportTables() {}

    public static Table manifest(ExportManifest manifest) {
        Table t = Table.create("export of " + manifest.createdAt(), StringColumn.create("file"), LongColumn.create("rows"),
                LongColumn.create("bytes"), StringColumn.create("sha256"));
        for (ExportManifest.Entry e : manifest.files()) {
            t.stringColumn(0).append(e.name());
            t.longColumn(1).append(e.rows());
            t.longColumn(2).append(e.bytes());
            t.stringColumn(3).append(e.sha256());
        }
        return t;
    }
}
