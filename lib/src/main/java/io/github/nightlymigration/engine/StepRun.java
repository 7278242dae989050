package io.github.nightlymigration.engine;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.newapp.TableCopy;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.rules.Emitter;
import io.github.nightlymigration.rules.RuleContext;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;

/**
 * One step of the plan: an old table read in id order through its rule into its new tables, the first
 * COPYed as the rows come, the others spooled and COPYed after it, every count in the report.
 */
final class StepRun {
    private static final long PROGRESS_EVERY = 10_000;

    private final Connection old;
    private final DSLContext legacy;
    private final Connection target;
    private final RuleContext ctx;
    private final OperatorStop stop;
    private final RunReport report;
    private final Progress progress;
    private final int fetchSize;
    /** The target's tables were created or emptied in the COPYs' transaction: rows are written frozen. */
    private final boolean frozen;

    StepRun(Connection old, Connection target, RuleContext ctx, OperatorStop stop, RunReport report, Progress progress,
            int fetchSize, boolean frozen) {
        this.old = old;
        this.legacy = DSL.using(old, SQLDialect.POSTGRES);
        this.target = target;
        this.ctx = ctx;
        this.stop = stop;
        this.report = report;
        this.progress = progress;
        this.fetchSize = fetchSize;
        this.frozen = frozen;
    }

    <R extends TableRecord<R>> void run(Step<R> step) throws SQLException, IOException {
        String name = step.oldTable().getName();
        long total = legacy.fetchCount(step.oldTable());
        progress.update(name, 0, total);
        List<TableCopy> copies = new ArrayList<>();
        try {
            Table<?> first = step.newTables().get(0);
            copies.add(TableCopy.direct(target, first, TableCopy.leavingDefaults(first), frozen));
            for (Table<?> table : step.newTables().subList(1, step.newTables().size())) {
                copies.add(TableCopy.spooled(Files.createTempFile(report.runFolder(), table.getName(), ".copy"), table,
                        TableCopy.leavingDefaults(table), frozen));
            }
            // By identity: rows carry the generated table singletons, and a Table's equals() compares names, slow per row.
            Map<Table<?>, TableCopy> byTable = new IdentityHashMap<>();
            copies.forEach(c -> byTable.put(c.table(), c));
            Emitter out = row -> {
                TableCopy copy = byTable.get(row.getTable());
                if (copy == null) throw new IllegalStateException(name + " rule wrote to undeclared table " + row.getTable());
                copy.add(row);
            };
            long done = 0;
            try (LegacyRows<R> source = LegacyRows.open(old, legacy, step, fetchSize, (column, oldId) -> report.warn(
                    name, column + ": not UTF-8 in the SQL_ASCII legacy database, decoded as Windows-1252", oldId))) {
                if (step.tableRule() != null) {
                    List<R> rows = source.toList();
                    report.account(name).addRead(rows.size());
                    step.tableRule().apply(rows, ctx, out);
                    done = rows.size();
                } else {
                    try (ReadAhead<R> rows = new ReadAhead<>(source, name)) {
                        while (rows.hasNext()) {
                            R row = rows.next();
                            report.account(name).addRead(1);
                            step.rowRule().apply(row, ctx, out);
                            if (++done % PROGRESS_EVERY == 0) {
                                stop.check();
                                progress.update(name, done, total);
                            }
                        }
                    }
                }
            }
            for (TableCopy copy : copies) {
                report.rowsWritten(copy.table().getName(), copy.finish(target));
            }
            progress.update(name, done, total);
        } finally {
            copies.forEach(TableCopy::close);
        }
    }
}
