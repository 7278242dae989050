package io.github.nightlymigration.engine;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.changes.ChangeSet;
import io.github.nightlymigration.changes.ChangeSetQuery;
import io.github.nightlymigration.newapp.StagingSchema;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.schema.SwapHazards;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where tonight's rows are written and how they go live. {@link StagedLoad}: into the migrator's
 * own schema, then swapped in by one short transaction, so the new app reads last night's tables
 * until then. {@link InPlaceLoad}: truncated and loaded in the run's one transaction, which the new
 * app's readers wait for; the fallback when preflight finds something a swap would break.
 */
sealed interface TargetLoad extends AutoCloseable permits InPlaceLoad, StagedLoad {

    /** Staged unless the settings say in place or preflight finds a hazard; either way the report says why. */
    static TargetLoad choose(Connection target, MigratorSettings settings) throws SQLException {
        if (!settings.swap()) return new InPlaceLoad(target, settings, "in place (MIGRATOR_PUBLISH=in-place)");
        List<String> hazards = SwapHazards.find(target, MigrationPlan.newTables(), StagingSchema.NAME);
        if (hazards.isEmpty()) {
            ConnectionBudget.require(target, settings.parallelism());
            return new StagedLoad(target, settings);
        }
        return new InPlaceLoad(target, settings, "in place, readers wait for the run: a swap from staging would"
                + " lose or break " + String.join("; ", hazards));
    }

    /** How this run publishes, for the report and the console. */
    String describe();

    /** Makes the empty tables tonight's rows go into; returns the connection their COPYs use. */
    Connection prepare() throws SQLException;

    /**
     * Whether the COPYs may write rows frozen: tables no one else sees, emptied in the COPYs' transaction. Frozen
     * rows need no hint bits set by the next reader (the index builds, the change set) and no freezing vacuum later.
     */
    boolean copiesFrozen();

    /** After the COPYs: every key, index and foreign key, checked against the loaded rows (statement by statement on the board). */
    void buildIndexes(Progress progress) throws SQLException;

    /** The last checks before publishing (a staged schema must be exactly the live one's). */
    void validate() throws SQLException;

    /** Whether tonight's tables stand beside the live ones until the publish, so that {@link #compare} compares them. */
    boolean comparesWithLive();

    /** Tonight's tables against the live ones, row by row, read only; in place there is nothing beside them to compare. */
    ChangeSet compare(ChangeSetQuery query, String comparedWith) throws SQLException;

    /**
     * Makes tonight's tables the live ones, with {@code alongside} in the same transaction, and carries the new
     * app's own tables over ({@link io.github.nightlymigration.newapp.OutsideReferences}).
     *
     * @return what the new app's own tables lost or had set because rows they reference are gone tonight
     */
    List<String> publish(InPublish alongside) throws SQLException;

    /** Cancels the statements running now on this load's connections (the operator's stop; from another thread). */
    void cancelRunningStatements();

    /** Discards tonight's tables (a dry run, a failure); quiet: the next run cleans up what this cannot. */
    void abandon();

    @Override
    void close();

    static void quietly(SqlAction action) {
        try {
            action.run();
        } catch (SQLException | RuntimeException ignored) {
            // the connection may be gone; the server rolls back an unfinished transaction itself
        }
    }

    interface SqlAction {
        void run() throws SQLException;
    }

    /** What must commit exactly when tonight's tables do: run on the publishing connection, before its commit. */
    interface InPublish {
        void apply(Connection target) throws SQLException;
    }
}
