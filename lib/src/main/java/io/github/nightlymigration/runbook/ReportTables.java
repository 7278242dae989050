package io.github.nightlymigration.runbook;

import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.report.TableAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/** A run report as Tablesaw tables, for the notebooks. */
public final class ReportTables {
    private ReportTables() {}

    /** Per old table: read, written, merged, rejected and whether the accounting identity holds. */
    public static Table accounts(RunReport report) {
        Table t = Table.create("old tables", StringColumn.create("old_table"), LongColumn.create("read"),
                LongColumn.create("written"), LongColumn.create("merged"), LongColumn.create("rejected"),
                BooleanColumn.create("identity_holds"));
        for (TableAccount a : report.accounts()) {
            t.stringColumn(0).append(a.table());
            t.longColumn(1).append(a.read());
            t.longColumn(2).append(a.written());
            t.longColumn(3).append(a.merged());
            t.longColumn(4).append(a.rejected());
            t.booleanColumn(5).append(a.balanced());
        }
        return t;
    }

    public static Table newTables(RunReport report) {
        Table t = Table.create("new tables", StringColumn.create("new_table"), LongColumn.create("rows"));
        report.writtenByNewTable().forEach((table, rows) -> {
            t.stringColumn(0).append(table);
            t.longColumn(1).append(rows);
        });
        return t;
    }

    public static Table warnings(RunReport report) {
        Table t = Table.create("warnings", StringColumn.create("warning"), LongColumn.create("count"),
                StringColumn.create("example_old_ids"));
        report.warnings().forEach((text, w) -> {
            t.stringColumn(0).append(text);
            t.longColumn(1).append(w.count());
            t.stringColumn(2).append(w.examples().toString());
        });
        return t;
    }

    /** rejects.csv of a run folder (old_table, old_id, reason, old_row). */
    public static Table rejects(Path runFolder) {
        Path file = runFolder.resolve("rejects.csv");
        try {
            if (Files.size(file) == 0) return Table.create("rejects");
            return Table.read().usingOptions(CsvReadOptions.builder(new tech.tablesaw.io.Source(file.toFile(),
                            java.nio.charset.StandardCharsets.UTF_8)).tableName("rejects")
                    .columnTypesToDetect(java.util.List.of(tech.tablesaw.api.ColumnType.STRING)).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
