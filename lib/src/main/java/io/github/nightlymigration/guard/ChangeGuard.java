package io.github.nightlymigration.guard;

import io.github.nightlymigration.changes.ChangeSet;
import io.github.nightlymigration.changes.ChangeSet.TableChanges;
import io.github.nightlymigration.report.RunReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Never publish a mass change by accident: a bulk edit in the old app, a rule edit gone wrong or an encoding
 * accident upstream rewrites every row of a table without shrinking it, which the shrink guard cannot see. Before
 * the publish, tonight's change set is held against each table's limit, and a table beyond it stops the publish.
 */
public final class ChangeGuard {
    private ChangeGuard() {}

    /**
     * Records the verdict in the report (the dry run shows it too) and, for a run that publishes, refuses changes
     * beyond the limits that nothing accepted.
     *
     * @throws ChangeRefusedException a table would change more than its limit, and {@code publishing}
     */
    public static void check(ChangePolicy policy, RunReport report, boolean publishing) {
        ChangeSet changes = report.changes();
        if (changes == null || !changes.wasCompared()) return;
        List<String> over = new ArrayList<>();
        changes.tables().forEach((table, t) -> {
            if (policy.refuses(table, t.existing(), t.changed())) over.add(table);
        });
        ChangeSet judged = changes.judged(over, policy.acceptedBy());
        report.changes(judged);
        if (publishing && !over.isEmpty() && policy.acceptedBy() == null) {
            throw new ChangeRefusedException(refusal(policy, judged, report));
        }
    }

    private static String refusal(ChangePolicy policy, ChangeSet changes, RunReport report) {
        List<String> tables = new ArrayList<>();
        for (String table : changes.overLimit()) {
            TableChanges t = changes.tables().get(table);
            tables.add(String.format("%s %,d of %,d rows would change (%.1f%%%s, limit %s)", table, t.changed(),
                    t.existing(), 100.0 * t.changed() / t.existing(), t.changedColumns().isEmpty() ? "" : ": " + t.changedColumns(), policy.limits().describe(table)));
        }
        return "refused to publish: compared with the live tables (published by " + changes.comparedWith() + "), "
                + String.join("; ", tables) + ". Nothing was published: the new database is as last night's run left it. "
                + "The examples are in " + report.runFolder().resolve("changes.json") + "; if the old app really changed"
                + " them (a bulk edit) or a rule change is meant to, publish on purpose once with scripts/jbang migrate"
                + " --accept-changes (or raise MIGRATOR_CHANGE_LIMIT / MIGRATOR_CHANGE_LIMIT_<TABLE>)";
    }
}
