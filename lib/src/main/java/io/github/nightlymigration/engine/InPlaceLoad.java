package io.github.nightlymigration.engine;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.changes.ChangeSet;
import io.github.nightlymigration.changes.ChangeSetQuery;
import io.github.nightlymigration.newapp.DeferredIndexes;
import io.github.nightlymigration.newapp.OutsideReferences;
import io.github.nightlymigration.newapp.StagingSchema;
import io.github.nightlymigration.newapp.TargetTables;
import io.github.nightlymigration.rules.MigrationPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The live tables truncated, loaded and re-indexed in the target connection's one transaction:
 * a failure rolls everything back; readers of the new app wait for the commit.
 */
final class InPlaceLoad implements TargetLoad {
    private final Connection target;
    private final MigratorSettings settings;
    private final String description;
    private DeferredIndexes indexes;
    private OutsideReferences outside;

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
        outside = OutsideReferences.find(target, MigrationPlan.newTables());
        outside.detach(target); // TRUNCATE refuses a referenced table; added back, checked, before the commit
        TargetTables.truncate(target, MigrationPlan.newTables());
        indexes = DeferredIndexes.drop(target, MigrationPlan.newTables());
        return target;
    }

    @Override
    public void buildIndexes(Progress progress) throws SQLException {
        indexes.recreate(target, progress);
    }

    /** The live tables: frozen rows would be visible to snapshots older than the publish (COPY FREEZE bends MVCC). */
    @Override
    public boolean copiesFrozen() {
        return false;
    }

    @Override
    public void validate() {
        // the live schema was checked by preflight, and this transaction's drops are recreated from it
    }

    @Override
    public boolean comparesWithLive() {
        return false;
    }

    /**
     * Tonight's rows went into the live tables themselves, truncated in this transaction: last night's rows are not
     * beside them. Comparing would mean copying every live table first, the cost of a second load, on exactly the
     * runs that are already the slow path; the report says the comparison was not made instead.
     */
    @Override
    public ChangeSet compare(ChangeSetQuery query, String comparedWith) {
        return ChangeSet.notCompared("not compared: this run publishes in place (tonight's rows replace last night's"
                + " in the same tables, so there is nothing beside them to compare with)");
    }

    @Override
    public List<String> publish(InPublish alongside) throws SQLException {
        List<String> lost = outside.applyDeleteActions(target, TargetTables.currentSchema(target));
        outside.reattach(target);
        alongside.apply(target);
        target.commit();
        return lost;
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
