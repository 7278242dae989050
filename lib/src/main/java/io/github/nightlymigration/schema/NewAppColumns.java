package io.github.nightlymigration.schema;

import java.util.List;
import java.util.Map;

/**
 * Columns the new app added to a migrated table, which no rule writes. The publish does not name them, so each
 * migrated row gets what the new app's own inserts would: NULL, or the column's default. Only a NOT NULL column
 * without a default cannot be filled; that is refused before anything is written, with the fix.
 */
final class NewAppColumns {
    private NewAppColumns() {}

    static void judge(String table, Map<String, SchemaCheck.Column> added, List<String> problems, List<String> notices) {
        added.keySet().stream().sorted().forEach(name -> {
            SchemaCheck.Column column = added.get(name);
            if (column.fill() != null) {
                notices.add(table + "." + name + ": not written by the rules, " + column.fill());
            } else if (column.nullable()) {
                notices.add(table + "." + name + ": not written by the rules, NULL");
            } else {
                problems.add(table + "." + name + " is NOT NULL without a default and no rule writes it (give it a"
                        + " DEFAULT or allow NULL in the new app's migration, or write a rule for it: see docs/maintaining.md)");
            }
        });
    }
}
