package io.github.nightlymigration.guard;

import io.github.nightlymigration.report.NightOverNight;
import io.github.nightlymigration.report.NightOverNight.Row;
import io.github.nightlymigration.report.NightOverNight.Verdict;
import io.github.nightlymigration.report.RunHistory;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.report.TableAccount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Never publish a disaster: a run that succeeds on the wrong input (an empty replica before its restore, a
 * half-restored dump) would otherwise replace last night's data with exit 0. Before the publish, tonight's
 * counts are compared with the last published run's, and a table that loses more than its share, or becomes
 * empty, stops the publish.
 */
public final class ShrinkGuard {
    private ShrinkGuard() {}

    /**
     * Puts the comparison into the report (the dry run shows it too) and, for a run that publishes, refuses a
     * shrink that nothing accepted.
     *
     * @throws ShrinkRefusedException a table would lose more than its limit, and {@code publishing}
     */
    public static void check(ShrinkPolicy policy, Path stateDir, RunReport report, boolean publishing) {
        NightOverNight comparison = compare(policy, RunHistory.lastPublished(stateDir, report.runFolder()), report);
        report.nightOverNight(comparison);
        if (publishing && comparison.refuses()) throw new ShrinkRefusedException(refusal(comparison, report));
    }

    static NightOverNight compare(ShrinkPolicy policy, Optional<RunHistory.Published> last, RunReport report) {
        List<Row> rows = new ArrayList<>();
        for (TableAccount a : report.accounts()) {
            rows.add(row(policy, "old", a.table(), last.map(p -> p.oldRead()), a.read()));
        }
        report.writtenByNewTable().forEach((table, n) ->
                rows.add(row(policy, "new", table, last.map(p -> p.newWritten()), n)));
        return new NightOverNight(last.map(RunHistory.Published::folder).orElse(null), rows,
                policy.acceptedBy());
    }

    private static Row row(ShrinkPolicy policy, String side, String table, Optional<Map<String, Long>> lastCounts,
            long tonight) {
        if (lastCounts.isEmpty()) return new Row(side, table, null, tonight, Verdict.FIRST, policy.limits().describe(table));
        long last = lastCounts.get().getOrDefault(table, 0L);
        Verdict verdict = policy.refuses(table, last, tonight) ? Verdict.SHRANK
                : tonight < last ? Verdict.CHURN : tonight > last ? Verdict.GREW : Verdict.SAME;
        return new Row(side, table, last, tonight, verdict, policy.limits().describe(table));
    }

    private static String refusal(NightOverNight comparison, RunReport report) {
        List<String> tables = comparison.shrunk().stream().map(r -> String.format("%s (%s table) %,d rows last night -> "
                + "%,d tonight", r.table(), r.side(), r.last(), r.tonight())).toList();
        return "refused to publish: compared with the last published run " + comparison.comparedWith() + ", "
                + String.join("; ", tables) + " (more than the allowed share, "
                + String.join(", ", comparison.shrunk().stream().map(Row::limit).distinct().toList())
                + ", or emptied). Nothing was published: the new database is as last night's run left it. "
                + "If MIGRATOR_OLD_URL points at the wrong or a not yet restored database, fix that and rerun; "
                + "if the rows really were deleted in the old app, publish on purpose with scripts/jbang migrate "
                + "--accept-shrink (or raise MIGRATOR_SHRINK_LIMIT / MIGRATOR_SHRINK_LIMIT_<TABLE>); report: "
                + report.runFolder();
    }
}
