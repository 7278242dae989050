package io.github.nightlymigration.rules;

import org.jooq.TableRecord;

/** Where rules put the new rows they make; the engine routes each to its table's COPY stream. */
@FunctionalInterface
public interface Emitter {
    void emit(TableRecord<?> row);
}
