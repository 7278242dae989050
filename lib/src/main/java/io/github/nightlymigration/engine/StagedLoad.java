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
import io.github.nightlymigration.schema.SchemaCheck;
import io.github.nightlymigration.schema.SwapHazards;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.Table;

/**
 * Tonight's tables built in {@link StagingSchema} on connections of their own, which nobody else
 * sees, so keys and foreign keys are built on several at once; then one short transaction on the
 * target connection swaps them in. Until that commits the live tables are untouched: a failure or
 * a kill at any moment leaves them as the last good run left them, and the next run drops the
 * leftover staging schema before it builds its own.
 */
final class StagedLoad implements TargetLoad {
    /**
     * Each try for the swap's locks waits this long at most: while it waits, the new app's readers
     * queue behind it, so a long transaction of the new app costs them a pause, not the whole wait.
     */
    private static final Duration LOCK_ATTEMPT = Duration.ofMillis(500);
    private static final Duration BETWEEN_ATTEMPTS = Duration.ofMillis(250);

    private final Connection target;
    private final MigratorSettings settings;
    private final List<Table<?>> tables = MigrationPlan.newTables();
    private final List<Connection> connections = new CopyOnWriteArrayList<>(); // the stop watcher reads it too
    private DeferredIndexes indexes;

    StagedLoad(Connection target, MigratorSettings settings) {
        this.target = target;
        this.settings = settings;
    }

    @Override
    public String describe() {
        int n = settings.parallelism();
        return "swap from staging (schema " + StagingSchema.NAME + ", " + n + (n == 1 ? " connection" : " connections")
                + "): readers of the new app keep last night's tables until the swap";
    }

    @Override
    public Connection prepare() throws SQLException {
        indexes = DeferredIndexes.of(target, tables); // the live tables' own definitions, under their names
        target.rollback();
        Connection loading = open();
        if (!StagingSchema.claim(loading)) {
            throw new IllegalStateException("another migration is loading into this new database's staging schema "
                    + StagingSchema.NAME + " (a second installation with another state directory?); nothing was written");
        }
        StagingSchema.create(loading, tables);
        StagingSchema.use(loading);
        // Created and committed early (LIKE holds the live tables' ACCESS SHARE lock until then, and the new app's
        // migrations would queue behind it all night); emptied again in the COPYs' transaction, so they may FREEZE.
        StagingSchema.truncate(loading, tables);
        return loading;
    }

    @Override
    public boolean copiesFrozen() {
        return true;
    }

    @Override
    public void buildIndexes(Progress progress) throws SQLException {
        Connection loading = connections.get(0);
        loading.commit(); // the other connections must see the rows
        loading.setAutoCommit(true);
        while (connections.size() < settings.parallelism()) {
            Connection c = open();
            c.setAutoCommit(true);
            StagingSchema.use(c);
        }
        if (connections.size() == 1) indexes.recreate(loading, progress);
        else indexes.recreate(connections, tables, progress);
    }

    @Override
    public void validate() throws SQLException {
        SchemaCheck.target(connections.get(0), tables); // the staged tables, exactly as preflight found the live ones
    }

    @Override
    public boolean comparesWithLive() {
        return true;
    }

    @Override
    public ChangeSet compare(ChangeSetQuery query, String comparedWith) throws SQLException {
        String live;
        try {
            live = TargetTables.currentSchemaName(target);
        } finally {
            target.rollback(); // the swap starts a transaction of its own
        }
        // side by side on the connections that built the indexes: nothing else runs now, and they all reach both
        return query.compare(connections, StagingSchema.NAME, live, comparedWith);
    }

    @Override
    public List<String> publish(InPublish alongside) throws SQLException {
        OutsideReferences outside = OutsideReferences.find(target, tables);
        lockLiveTables(outside);
        List<String> appeared = SwapHazards.onTables(target, tables);
        if (!appeared.isEmpty()) {
            throw new IllegalStateException("since preflight, the live tables gained what a swap would lose or break: "
                    + String.join("; ", appeared) + " (the next run will publish in place)");
        }
        // The new app's own tables: tonight's deletions applied against the staged tables, their keys moved over.
        List<String> lost = outside.applyDeleteActions(target, StagingSchema.QUOTED);
        outside.detach(target);
        StagingSchema.swapIn(target, tables);
        outside.reattach(target);
        alongside.apply(target);
        target.commit();
        TargetLoad.quietly(() -> { // empty now; a leftover would be dropped by the next run
            StagingSchema.drop(target);
            target.commit();
        });
        return lost;
    }

    /**
     * ACCESS EXCLUSIVE on every staged, then every live table and the new app's tables that reference them, the
     * live ones in short tries until MIGRATOR_LOCK_TIMEOUT.
     */
    private void lockLiveTables(OutsideReferences outside) throws SQLException {
        long deadline = System.nanoTime() + settings.lockTimeout().toNanos();
        while (true) {
            try {
                TargetTables.limitLockWait(target, settings.lockTimeout());
                StagingSchema.lock(target, tables);
                TargetTables.limitLockWait(target, LOCK_ATTEMPT);
                TargetTables.lockExclusively(target, tables);
                outside.lock(target);
                return;
            } catch (SQLException e) {
                if (!TargetTables.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) throw e;
                target.rollback();
                if (System.nanoTime() > deadline) {
                    // no cause: the run's message reports the innermost SQL error, and this one says more
                    throw new IllegalStateException("lock timeout: the new app held its tables for longer than"
                            + " MIGRATOR_LOCK_TIMEOUT (" + settings.lockTimeout() + ") in every try to swap tonight's tables in: "
                            + TargetTables.lockHolders(target, tables));
                }
                sleep(BETWEEN_ATTEMPTS);
            }
        }
    }

    @Override
    public void cancelRunningStatements() {
        Databases.cancelRunningStatement(target);
        connections.forEach(Databases::cancelRunningStatement);
    }

    @Override
    public void abandon() {
        TargetLoad.quietly(target::rollback);
        if (connections.isEmpty()) return;
        Connection loading = connections.get(0);
        TargetLoad.quietly(() -> {
            if (!loading.getAutoCommit()) loading.rollback();
            StagingSchema.drop(loading);
            if (!loading.getAutoCommit()) loading.commit();
        });
    }

    @Override
    public void close() {
        connections.forEach(Databases::close);
    }

    private Connection open() throws SQLException {
        Connection c = Databases.openTarget(settings);
        connections.add(c);
        TargetTables.limitLockWait(c, settings.lockTimeout(), false);
        return c;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to swap tonight's tables in", e);
        }
    }
}
