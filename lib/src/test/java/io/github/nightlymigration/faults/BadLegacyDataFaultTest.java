package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.legacy.db.tables.records.AssignmentsRecord;
import io.github.nightlymigration.legacy.db.tables.records.NotificationsRecord;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import java.io.Reader;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jooq.postgres.extensions.types.Hstore;
import org.junit.jupiter.api.Test;

/**
 * Legacy rows beyond the generator's defaults, one or more per hard case of the spec. The run
 * must complete with the accounting identity, and every row must be accounted for individually:
 * present in the new database under its translated id, or listed in rejects.csv with a reason.
 */
class BadLegacyDataFaultTest extends MigrationFixture {
    private static final String CONTROL = "bell\u0007 esc\u001b[31m red\r\nCRLF del\u007f ls\u2028 bom\uFEFF tab\t end";
    private static final String HUGE = "x".repeat(4 * 1024 * 1024) + " end";

    @Test
    void everyOddRowIsMigratedOrRejectedWithAReason() throws Exception {
        insert(org(1), org(2).setName(CONTROL), org(3).setName(HUGE).setCreatedAt(null).setUpdatedAt(null));
        insert(user(1), user(2).setEmail("Case@Example.org"), user(3).setEmail("case@example.ORG"),
                user(4).setRole("Superuser"), user(5).setRole(null), user(6).setRole("ADMIN").setFlavor("Sculpture"),
                user(7).setCreatedAt(null).setUpdatedAt(null), user(8).setCreatedAt(null),
                user(9).setFirstName("../../etc").setLastName("/passwd").setDescription(HUGE),
                user(10).setFirstName(CONTROL).setEmail("  spaced@example.org  "), user(11).setEmail(""), user(12).setEmail(" "));
        insert(new AssignmentsRecord().setId(1).setUserId(1).setOrganizationId(1).setRole("Member"),
                new AssignmentsRecord().setId(2).setUserId(999).setOrganizationId(1).setRole("Member"),
                new AssignmentsRecord().setId(3).setUserId(1).setOrganizationId(999).setRole("Advisor"),
                new AssignmentsRecord().setId(4).setUserId(1).setOrganizationId(1).setRole("Advisor"),
                new AssignmentsRecord().setId(5).setUserId(2).setOrganizationId(2).setRole("Owner"),
                new AssignmentsRecord().setId(6).setUserId(null).setOrganizationId(null).setRole(null),
                new AssignmentsRecord().setId(7).setUserId(1).setOrganizationId(2).setRole(null));
        insert(order(1).setOwnerId(1).setOrganizationId(1),
                order(2).setType("AudioOrder"), order(3).setType(null), order(4).setStatus("Lost"),
                order(5).setOwnerId(999).setOrganizationId(999).setCreativeId(998).setSubscriptions(new Integer[] {1, 1, 999, null}),
                order(6).setCreatedAt(null).setUpdatedAt(null).setName(null).setDescription(HUGE),
                order(7).setEvent(Hstore.valueOf(Map.of("accomodations", "ramp", "Time", "noon", " location", "x",
                        "", "empty key", "ünï=>cödé", "\"q\"", "contact", "")))
                        .setNeeds(Hstore.valueOf(Map.of("poster", "", "", "blank format", "../../x", "trick", "Poster ", CONTROL))),
                order(8).setStudentApprovalId(999).setAdvisorApprovalId(4).setFinalOneId(1).setFinalTwoId(1),
                order(9).setStatus(null));
        insert(comment(1, 1, 1, "ok"), comment(2, 999, 1, "orphan order"), comment(3, 1, 999, "orphan author"),
                comment(4, 1, null, "Nobody Known claimed this order."), comment(5, 1, null, "First1 Last1 claimed this order. "),
                comment(6, 1, null, "First1 Last1 set the order progress to Teleporting."),
                comment(7, 1, 1, HUGE).setCreatedAt(null).setUpdatedAt(null), comment(8, 1, 1, CONTROL),
                comment(9, 1, 1, "").setAttachmentFileName("../../../etc/passwd").setAttachmentContentType("text/plain"),
                comment(10, 2, 1, "attachment on a rejected order").setAttachmentFileName("a.png"),
                comment(11, 1, null, null), comment(12, 1, 4, "by a rejected user"));
        insert(new NotificationsRecord().setId(1).setUserId(1).setTitle(CONTROL).setMessage(HUGE).setCreatedAt(T0),
                new NotificationsRecord().setId(2).setUserId(999).setTitle("orphan user").setMessage("m"),
                new NotificationsRecord().setId(3).setUserId(1).setNotableType("Order").setNotableId(999).setTitle("t").setMessage("m"),
                new NotificationsRecord().setId(4).setUserId(1).setNotableType("Comment").setNotableId(1).setTitle("t").setMessage("m")
                        .setLinkController("../../admin").setLinkAction("x;y"));

        RunReport report = migrate();
        assertEquals(RunReport.Status.SUCCEEDED, report.status());
        assertTrue(report.balanced(), report.toString());

        Map<String, String> rejects = new HashMap<>();
        try (Reader in = Files.newBufferedReader(report.runFolder().resolve("rejects.csv"))) {
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                assertFalse(r.get("reason").isBlank(), r.toString());
                assertTrue(r.get("old_row").contains("\"id\""), "the full old row: " + r);
                rejects.put(r.get("old_table") + " " + r.get("old_id"), r.get("reason"));
            }
        }
        Map<String, String> ids = FaultFixture.translations(state);
        Map<String, String> outcome = new TreeMap<>();
        Map<String, List<String>> kinds = Map.of("users", List.of("USER:users"), "organizations", List.of("GROUP:groups"),
                "assignments", List.of("MEMBERSHIP:memberships"), "orders", List.of("REQUEST:requests"),
                "comments", List.of("COMMENT:comments", "REQUEST_EVENT:request_events", "ATTACHMENT:attachments"),
                "notifications", List.of("NOTIFICATION:notifications"));
        for (var table : kinds.entrySet()) {
            for (Integer oldId : legacy.fetch("SELECT id FROM " + table.getKey()).getValues(0, Integer.class)) {
                String key = table.getKey() + " " + oldId;
                String reason = rejects.get(key);
                String found = null;
                for (String kindAndTable : table.getValue()) {
                    String[] kt = kindAndTable.split(":");
                    String newId = ids.get(kt[0] + " " + oldId + "/null");
                    if (newId != null && target.fetchExists(target.selectOne().from(kt[1])
                            .where("id::text = {0}", newId))) {
                        found = kt[1];
                    }
                }
                assertFalse(reason != null && found != null, key + ": rejected (" + reason + ") and migrated to " + found);
                outcome.put(key, reason != null ? "rejected (" + reason + ")" : found != null ? "-> " + found : "merged");
            }
            // A merged row (a duplicate membership) has no row of its own: only as many as the report counts merged.
            long merged = outcome.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(table.getKey() + " ") && e.getValue().equals("merged")).count();
            assertTrue(merged <= report.account(table.getKey()).merged(), table.getKey() + ": " + outcome);
        }
        assertEquals("merged", outcome.get("assignments 4"), "same user and group as assignment 1");
        assertNotNull(outcome.get("users 4"));
        assertTrue(outcome.get("users 4").startsWith("rejected"), outcome.toString());
        assertTrue(outcome.get("assignments 2").startsWith("rejected"), outcome.toString());
        assertTrue(outcome.get("comments 2").startsWith("rejected"), outcome.toString());
        assertEquals(HUGE, target.fetchValue("SELECT body FROM comments WHERE body LIKE 'xxx%'"));
        assertEquals(1, target.fetchCount(target.selectFrom("users").where("lower(email) = 'case@example.org'")));
        long rejected = outcome.values().stream().filter(v -> v.startsWith("rejected")).count();
        ReliabilityRecord.passed("bad-legacy-data", "Bad legacy data beyond the generator",
                outcome.size() + " hand-made legacy rows: orphans in every reference, case-duplicate and blank emails, NULL "
                        + "timestamps, unknown roles/types/statuses/flavors, odd hstore keys ('', accomodations, =>, quotes), "
                        + "4 MiB texts, control characters, path tricks in names, file names and links, near-miss system texts",
                "run succeeds; accounting identity; every old row individually either found in the new database under its "
                        + "translated id, or in rejects.csv with a reason and the full row, or (duplicate memberships only) "
                        + "counted as merged by the report",
                (outcome.size() - rejected) + " migrated or merged, " + rejected + " rejected: " + outcome);
    }
}
