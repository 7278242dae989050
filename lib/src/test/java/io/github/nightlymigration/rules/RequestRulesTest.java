package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.APPROVALS;
import static io.github.nightlymigration.newapp.db.Tables.GROUPS;
import static io.github.nightlymigration.newapp.db.Tables.REQUESTS;
import static io.github.nightlymigration.newapp.db.Tables.REQUEST_FORMATS;
import static io.github.nightlymigration.newapp.db.Tables.SUBSCRIPTIONS;
import static io.github.nightlymigration.newapp.db.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.support.MigrationFixture;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.postgres.extensions.types.Hstore;
import org.junit.jupiter.api.Test;

class RequestRulesTest extends MigrationFixture {

    @Test
    void orderFieldsMapToTheRequest() {
        insert(user(1), user(2), org(3), order(7).setType("VideoOrder").setStatus("Complete").setProgress("")
                .setName("Gala").setDescription("desc").setDue(LocalDate.of(2018, 2, 3)).setOwnerId(1).setCreativeId(2)
                .setOrganizationId(3).setCompletedAt(T0.plusDays(2)));
        migrate();
        var r = target.selectFrom(REQUESTS).fetchSingle();
        assertEquals("video", r.getKind());
        assertEquals("complete", r.getStatus());
        assertNull(r.getProgress());
        assertEquals("Gala", r.getTitle());
        assertEquals(LocalDate.of(2018, 2, 3), r.getDueOn());
        assertEquals(target.select(GROUPS.ID).from(GROUPS).fetchSingle().value1(), r.getGroupId());
        assertEquals(T0.plusDays(2), r.getCompletedAt());
        assertEquals(2, target.fetchCount(USERS.where(USERS.ID.in(r.getOwnerId(), r.getAssigneeId()))));
    }

    @Test
    void eventBecomesJsonWithTheSpellingFixedAndBlanksAndUnknownKeysLeftOut() {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("time", "7pm");
        event.put("location", "");
        event.put("contact", "ext. 5");
        event.put("accomodations", "ramp");
        event.put("parking", "lot B");
        insert(order(1).setEvent(Hstore.valueOf(event)));
        RunReport report = migrate();
        String json = target.select(REQUESTS.EVENT).from(REQUESTS).fetchSingle().value1().data();
        assertEquals("{\"time\": \"7pm\", \"contact\": \"ext. 5\", \"accommodations\": \"ramp\"}", json);
        assertEquals(1, report.warnings().get("orders: event key other than time/location/contact/accomodations left out").count());
    }

    @Test
    void orphanReferencesBecomeNullAndAreReported() {
        insert(order(1).setOwnerId(99).setCreativeId(98).setOrganizationId(97));
        RunReport report = migrate();
        var r = target.selectFrom(REQUESTS).fetchSingle();
        assertNull(r.getOwnerId());
        assertNull(r.getAssigneeId());
        assertNull(r.getGroupId());
        assertEquals(1, report.warnings().get("orders: owner_id points at no user: set to NULL").count());
        assertEquals(1, report.warnings().get("orders: creative_id points at no user: set to NULL").count());
    }

    @Test
    void unknownTypeIsRejected() {
        insert(order(1).setType("PrintOrder"), order(2));
        RunReport report = migrate();
        assertEquals(1, target.fetchCount(REQUESTS));
        assertEquals(1, report.account("orders").rejected());
    }

    @Test
    void needsBecomeOneFormatPerKeyWithBlankDetailsNull() {
        Map<String, String> needs = new LinkedHashMap<>();
        needs.put("poster", "");
        needs.put("fb_event_photo", "851x315");
        insert(order(1).setNeeds(Hstore.valueOf(needs)));
        migrate();
        var formats = target.selectFrom(REQUEST_FORMATS).orderBy(REQUEST_FORMATS.FORMAT).fetch();
        assertEquals(2, formats.size());
        assertEquals("fb_event_photo", formats.get(0).getFormat());
        assertEquals("851x315", formats.get(0).getDetails());
        assertNull(formats.get(1).getDetails());
    }

    @Test
    void approvalColumnsBecomeStagesAndUnknownUsersAreReported() {
        insert(user(1), user(2), order(1).setStudentApprovalId(1).setAdvisorApprovalId(2).setFinalOneId(77));
        RunReport report = migrate();
        var stages = target.select(APPROVALS.STAGE).from(APPROVALS).orderBy(APPROVALS.STAGE).fetch(APPROVALS.STAGE);
        assertEquals(java.util.List.of("advisor", "student"), stages);
        assertEquals(1, report.warnings().get("orders: approval by a user that does not exist: no approval row").count());
    }

    @Test
    void subscriptionsAreDeduplicatedAndMissingUsersDroppedAndCounted() {
        insert(user(1), user(2), order(1).setSubscriptions(new Integer[] {1, 2, 1, 55, 56}));
        RunReport report = migrate();
        assertEquals(2, target.fetchCount(SUBSCRIPTIONS));
        assertEquals(2, report.warnings().get("orders: subscription of a user that does not exist dropped").count());
        assertEquals(1, report.warnings().get("orders: duplicate subscription removed").count());
    }

    @Test
    void subscriptionsOfCaseMergedUsersCollapse() {
        insert(user(1).setEmail("a@x.org"), user(2).setEmail("A@X.org"), order(1).setSubscriptions(new Integer[] {1, 2}));
        migrate();
        assertEquals(1, target.fetchCount(SUBSCRIPTIONS));
    }
}
