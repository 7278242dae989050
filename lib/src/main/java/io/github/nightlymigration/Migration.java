package io.github.nightlymigration;

import io.github.nightlymigration.cutover.LiveMark;
import io.github.nightlymigration.engine.Databases;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.schema.SchemaCheck;
import io.github.nightlymigration.schema.SchemaDdl;
import io.github.nightlymigration.newapp.TargetTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The nightly database migration: what the notebook and the {@code migrate} script call.
 *
 * <pre>{@code
 * MigratorSettings settings = MigratorSettings.fromEnvironment();
 * Migration.check(settings);                  // preflight, writes nothing
 * RunReport dry = Migration.dryRun(settings, Progress.NONE);
 * RunReport report = Migration.run(settings, Progress.NONE);
 * }</pre>
 */
public final class Migration {
    private Migration() {}

    /** Migrates and publishes (swapped in from staging, or in place: see MigrationRun); throws {@link MigratorException} (with its exit code) on failure. */
    public static RunReport run(MigratorSettings settings, Progress progress) {
        return new MigrationRun(settings, progress).execute(false);
    }

    /** Does the whole run, reports it, then rolls back: the new database and the translator stay as they were. */
    public static RunReport dryRun(MigratorSettings settings, Progress progress) {
        return new MigrationRun(settings, progress).execute(true);
    }

    /**
     * Preflight only: both databases reachable, the legacy schema readable, the new schema holding what the rules
     * write. Returns what either app added that the run will carry without reading or writing it.
     */
    public static List<String> check(MigratorSettings settings) {
        settings.validated();
        try (Connection old = Databases.openLegacySnapshot(settings);
                Connection target = Databases.openTarget(settings)) {
            List<String> noticed = new ArrayList<>(SchemaCheck.legacy(old, MigrationPlan.oldTables()));
            noticed.addAll(SchemaCheck.target(target, MigrationPlan.newTables()));
            LiveMark.refuseIfLive(target, settings.stateDir());
            target.rollback();
            return noticed;
        } catch (SQLException e) {
            throw MigratorException.configuration("preflight failed: " + e.getMessage());
        }
    }

    /** Applies the project's new-schema DDL to an empty database (tests and trials; production's belongs to the new app). */
    public static void createNewSchema(MigratorSettings settings) {
        settings.validated();
        try (Connection target = Databases.openTarget(settings)) {
            if (TargetTables.exists(target, MigrationPlan.newTables().get(0))) {
                throw MigratorException.configuration("new database already has a " + MigrationPlan.newTables().get(0).getName()
                        + " table: --create-new-schema only fills an empty database");
            }
            SchemaDdl.TARGET.apply(target);
            target.commit();
        } catch (SQLException e) {
            throw MigratorException.configuration("could not create the new schema: " + e.getMessage());
        }
    }
}
