package io.github.nightlymigration.rules;

import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.translate.FirstStamps;
import io.github.nightlymigration.translate.IdTranslator;
import java.time.LocalDateTime;
import org.jooq.DSLContext;
import org.jooq.JSONFormat;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;

/** What every rule needs: ids, the snapshot's directory, the report, and the run's start time. */
public final class RuleContext {
    private static final JSONFormat ROW_JSON = JSONFormat.DEFAULT_FOR_RECORDS.recordFormat(JSONFormat.RecordFormat.OBJECT);
    /** Only makes records: never connected. */
    private static final DSLContext NEW_ROWS = DSL.using(SQLDialect.POSTGRES);

    public final IdTranslator ids;
    public final Directory directory;
    public final RunReport report;
    /** UTC, for rows whose created_at and updated_at are both NULL and that no earlier night stamped. */
    private final LocalDateTime runStart;
    private final FirstStamps firstStamps;

    public RuleContext(IdTranslator ids, Directory directory, RunReport report, LocalDateTime runStart,
            FirstStamps firstStamps) {
        this.ids = ids;
        this.directory = directory;
        this.report = report;
        this.runStart = runStart;
        this.firstStamps = firstStamps;
    }

    /** The time a row without timestamps got on the first night that saw it (tonight's start, if tonight is that night). */
    public LocalDateTime firstStamp(TableRecord<?> oldRow, long oldId) {
        return firstStamps.stamp(oldRow.getTable().getName(), oldId, runStart);
    }

    /**
     * An empty row of a new table, for a rule to fill and emit. Rather than {@code new XxxRecord()}:
     * a jOOQ record made that way has no configuration, and setting its primary key then builds a
     * whole default one (cloning every setting) per row, about a tenth of the run's main thread.
     */
    public <R extends TableRecord<R>> R newRow(Table<R> table) {
        return NEW_ROWS.newRecord(table);
    }

    /** Rejects an old row: it is counted and listed in rejects.csv with the reason and the full row. */
    public void reject(TableRecord<?> oldRow, long oldId, String reason) {
        report.rejected(oldRow.getTable().getName(), oldId, reason, oldRow.formatJSON(ROW_JSON));
    }

    public void written(TableRecord<?> oldRow) {
        report.written(oldRow.getTable().getName());
    }

    public void merged(TableRecord<?> oldRow) {
        report.merged(oldRow.getTable().getName());
    }

    public void warn(TableRecord<?> oldRow, long oldId, String warning) {
        report.warn(oldRow.getTable().getName(), warning, oldId);
    }
}
