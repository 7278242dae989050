package io.github.nightlymigration.engine;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.newapp.DeferredIndexes;
import io.github.nightlymigration.newapp.StagingSchema;
import io.github.nightlymigration.newapp.TargetTables;
import io.github.nightlymigration.rules.MigrationPlan;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The live tables truncated, loaded and re-indexed in the target connection's one transaction:
 * a failure rolls everything back; readers of the new app wait for the commit.
 */
final class InPlaceLoad implements TargetLoad {
    private final Connection target;
    private final MigratorSettings settings;
    private final String description;
    private DeferredIndexes indexes;

    InPlaceLoad(Connection target, MigratorSettings settings, String description) {
        this.target = target;
        this.settings = settings;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Connection prepare() throws SQLException {
        StagingSchema.dropIfOwned(target); // a staged run's leftover, whatever made tonight's run fall back
        TargetTables.limitLockWait(target, settings.lockTimeout());
        TargetTables.truncate(target, MigrationPlan.newTables());
        indexes = DeferredIndexes.drop(target, MigrationPlan.newTables());
        return target;
    }

    @Override
    public void buildIndexes(Progress progress) throws SQLException {
        indexes.recreate(target, progress);
    }

    @Override
    public void validate() {
        // the live schema was checked by preflight, and this transaction's drops are recreated from it
    }

    @Override
    public void publish() throws SQLException {
        target.commit();
    }

    @Override
    public void cancelRunningStatements() {
        Databases.cancelRunningStatement(target);
    }

    @Override
    public void abandon() {
        TargetLoad.quietly(target::rollback);
    }

    @Override
    public void close() {
        // the target connection belongs to the run
    }
}
