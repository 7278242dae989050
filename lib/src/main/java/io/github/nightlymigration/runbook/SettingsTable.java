package io.github.nightlymigration.runbook;

import io.github.nightlymigration.MigratorSettings;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The settings a notebook runs with, one per row (secrets masked), as the first thing an operator checks. */
public final class SettingsTable {
    private SettingsTable() {}

    /** @param more further settings of the notebook, as name, value, name, value ... */
    public static Table of(MigratorSettings settings, String... more) {
        if (more.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in name, value pairs; got " + more.length + " strings");
        }
        Table t = Table.create("settings", StringColumn.create("setting"), StringColumn.create("value"));
        settings.describe().forEach((name, value) -> row(t, name, value));
        for (int i = 0; i < more.length; i += 2) {
            row(t, more[i], more[i + 1]);
        }
        return t;
    }

    private static void row(Table t, String name, String value) {
        t.stringColumn(0).append(name);
        t.stringColumn(1).append(value);
    }
}
