package io.github.nightlymigration.engine;

import io.github.nightlymigration.rules.Emitter;
import io.github.nightlymigration.rules.RuleContext;
import java.util.List;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.TableRecord;

/**
 * One old table's trip: read it (streamed in id order, or whole when its rule must see every
 * row, as the email merge does), apply its rule, write the new tables it feeds. The first new
 * table is streamed straight into COPY; the others are spooled and copied after it, in order.
 */
public record Step<R extends TableRecord<R>>(
        Table<R> oldTable, TableField<R, Integer> oldId, List<Table<?>> newTables, RowRule<R> rowRule,
        TableRule<R> tableRule) {

    @FunctionalInterface
    public interface RowRule<R> {
        void apply(R oldRow, RuleContext ctx, Emitter out);
    }

    @FunctionalInterface
    public interface TableRule<R> {
        void apply(List<R> oldRows, RuleContext ctx, Emitter out);
    }

    public static <R extends TableRecord<R>> Step<R> perRow(Table<R> oldTable, TableField<R, Integer> oldId,
            RowRule<R> rule, Table<?>... newTables) {
        return new Step<>(oldTable, oldId, List.of(newTables), rule, null);
    }

    public static <R extends TableRecord<R>> Step<R> wholeTable(Table<R> oldTable, TableField<R, Integer> oldId,
            TableRule<R> rule, Table<?>... newTables) {
        return new Step<>(oldTable, oldId, List.of(newTables), null, rule);
    }
}
