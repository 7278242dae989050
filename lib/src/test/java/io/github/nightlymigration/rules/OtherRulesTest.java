package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.GROUPS;
import static io.github.nightlymigration.newapp.db.Tables.MEMBERSHIPS;
import static io.github.nightlymigration.newapp.db.Tables.NOTIFICATIONS;
import static io.github.nightlymigration.newapp.db.Tables.REQUESTS;
import static io.github.nightlymigration.newapp.db.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.legacy.db.tables.records.AssignmentsRecord;
import io.github.nightlymigration.legacy.db.tables.records.NotificationsRecord;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.support.MigrationFixture;
import org.junit.jupiter.api.Test;

/** Groups, memberships, notifications and the timestamp rule. */
class OtherRulesTest extends MigrationFixture {

    private static AssignmentsRecord assignment(int id, int user, int org, String role) {
        return new AssignmentsRecord().setId(id).setUserId(user).setOrganizationId(org).setRole(role)
                .setCreatedAt(T0).setUpdatedAt(T0);
    }

    @Test
    void organizationsAreRenumberedAsGroups() {
        insert(org(40).setName("Chess, \"Club\""), org(7));
        migrate();
        var groups = target.selectFrom(GROUPS).orderBy(GROUPS.ID).fetch();
        assertEquals(java.util.List.of(1L, 2L), groups.getValues(GROUPS.ID));
        assertEquals("Org 7", groups.get(0).getName(), "ids are handed out in old-id order");
        assertEquals("Chess, \"Club\"", groups.get(1).getName());
    }

    @Test
    void duplicateAssignmentsKeepAdvisorAndOrphansAreRejected() {
        insert(user(1), org(1), assignment(1, 1, 1, "Member"), assignment(2, 1, 1, "Advisor"),
                assignment(3, 9, 1, "Member"), assignment(4, 1, 9, "Member"));
        RunReport report = migrate();
        var m = target.selectFrom(MEMBERSHIPS).fetchSingle();
        assertEquals("advisor", m.getRole());
        assertEquals(1, report.account("assignments").written());
        assertEquals(1, report.account("assignments").merged());
        assertEquals(2, report.account("assignments").rejected());
    }

    @Test
    void notificationsLinkToRequestsAndRequireAUser() {
        insert(user(1), order(5),
                new NotificationsRecord().setId(1).setUserId(1).setNotableType("Order").setNotableId(5).setTitle("t")
                        .setMessage("m").setLinkController("orders").setLinkAction("show").setCreatedAt(T0).setUpdatedAt(T0),
                new NotificationsRecord().setId(2).setUserId(1).setNotableType("").setTitle("t").setMessage("m")
                        .setCreatedAt(T0).setUpdatedAt(T0),
                new NotificationsRecord().setId(3).setUserId(404).setTitle("t").setMessage("m").setCreatedAt(T0));
        RunReport report = migrate();
        var rows = target.selectFrom(NOTIFICATIONS).orderBy(NOTIFICATIONS.ID).fetch();
        assertEquals(2, rows.size());
        assertEquals(target.select(REQUESTS.ID).from(REQUESTS).fetchSingle().value1(), rows.get(0).getRequestId());
        assertEquals("/orders/show", rows.get(0).getLink());
        assertNull(rows.get(1).getRequestId());
        assertNull(rows.get(1).getLink());
        assertEquals(1, report.account("notifications").rejected());
    }

    @Test
    void timestampsAreExactAndNullsAreFilled() {
        insert(user(1).setCreatedAt(null).setUpdatedAt(T0), user(2).setCreatedAt(null).setUpdatedAt(null),
                user(3).setCreatedAt(T0.plusNanos(1000)).setUpdatedAt(T0.plusNanos(2000)));
        RunReport report = migrate();
        var users = target.selectFrom(USERS).orderBy(USERS.EMAIL).fetch();
        assertEquals(T0, users.get(0).getInsertedAt());
        var runStart = java.time.LocalDateTime.ofInstant(report.startedAt(), java.time.ZoneOffset.UTC)
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        assertEquals(runStart, users.get(1).getInsertedAt());
        assertEquals(runStart, users.get(1).getUpdatedAt());
        assertEquals(T0.plusNanos(1000), users.get(2).getInsertedAt(), "microseconds kept");
        assertEquals(T0.plusNanos(2000), users.get(2).getUpdatedAt());
        assertEquals(1, report.warnings().get("users: created_at and updated_at both NULL: set to the first run's start time").count());
        RunReport second = migrate();
        assertTrue(second.startedAt().isAfter(report.startedAt()));
        var again = target.selectFrom(USERS).orderBy(USERS.EMAIL).fetch();
        assertEquals(runStart, again.get(1).getInsertedAt(), "the first night's stamp, kept: the same old row, the same new row");
        assertEquals(runStart, again.get(1).getUpdatedAt());
        assertEquals(0, second.changes().changedRows(), second.changes().lines().toString());
    }
}
