package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.ATTACHMENTS;
import static io.github.nightlymigration.newapp.db.Tables.COMMENTS;
import static io.github.nightlymigration.newapp.db.Tables.REQUESTS;
import static io.github.nightlymigration.newapp.db.Tables.REQUEST_EVENTS;
import static io.github.nightlymigration.newapp.db.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.support.MigrationFixture;
import org.junit.jupiter.api.Test;

class CommentRulesTest extends MigrationFixture {

    @Test
    void everySystemTextBecomesItsEventWithTheActorResolvedByName() {
        insert(user(1).setFirstName("Ana").setLastName("Ng"), order(1));
        String[][] cases = {
            {"Ana Ng claimed this order.", "claimed", null},
            {"Ana Ng unclaimed this order.", "unclaimed", null},
            {"Ana Ng set the order progress to Proofing.", "progress_changed", "Proofing"},
            {"Ana Ng set the order as complete.", "completed", null},
            {"Ana Ng set the order as incomplete.", "reopened", null},
            {"Ana Ng approved this order.", "approved", null},
            {"Ana Ng gave initial approval.", "initial_approval", null}};
        for (int i = 0; i < cases.length; i++) insert(comment(i + 1, 1, null, cases[i][0]));
        migrate();
        var ana = target.select(USERS.ID).from(USERS).fetchSingle().value1();
        var events = target.selectFrom(REQUEST_EVENTS).orderBy(REQUEST_EVENTS.ID).fetch();
        assertEquals(cases.length, events.size());
        for (int i = 0; i < cases.length; i++) {
            assertEquals(cases[i][1], events.get(i).getAction(), cases[i][0]);
            assertEquals(cases[i][2], events.get(i).getDetail());
            assertEquals(cases[i][0], events.get(i).getMessage());
            assertEquals(ana, events.get(i).getActorId());
        }
        assertEquals(0, target.fetchCount(COMMENTS));
    }

    @Test
    void nearMissesAndPeopleAreComments() {
        insert(user(1).setFirstName("Ana").setLastName("Ng"), order(1),
                comment(1, 1, null, "Ana Ng claimed this order. "),
                comment(2, 1, null, "Ana Ng claimed this order.\n"),
                comment(3, 1, 1, "Ana Ng claimed this order."));
        migrate();
        assertEquals(3, target.fetchCount(COMMENTS));
        assertEquals(0, target.fetchCount(REQUEST_EVENTS));
        assertEquals("Ana Ng claimed this order.\n",
                target.select(COMMENTS.BODY).from(COMMENTS).orderBy(COMMENTS.ID).limit(1).offset(1).fetchSingle().value1());
    }

    @Test
    void ambiguousOrUnknownActorNameGivesNullActor() {
        insert(user(1).setFirstName("Sam").setLastName("Lee"), user(2).setFirstName("Sam").setLastName("Lee"), order(1),
                comment(1, 1, null, "Sam Lee claimed this order."), comment(2, 1, null, "Nobody Here approved this order."));
        RunReport report = migrate();
        assertEquals(2, target.fetchCount(REQUEST_EVENTS.where(REQUEST_EVENTS.ACTOR_ID.isNull())));
        assertEquals(2, report.warnings().get("comments: system comment's actor name matches no single user: actor NULL").count());
    }

    @Test
    void orphanAuthorBecomesNullAndOrphanOrderIsRejected() {
        insert(order(1), comment(1, 1, 42, "hello"), comment(2, 99, null, "lost"));
        RunReport report = migrate();
        assertNull(target.selectFrom(COMMENTS).fetchSingle().getAuthorId());
        assertEquals(1, report.account("comments").rejected());
        assertEquals(1, report.account("comments").written());
    }

    @Test
    void attachmentGetsItsStorageKeyAndCommentLink() {
        insert(user(1), order(1), comment(1, 1, 1, "see file").setAttachmentFileName("my poster.png")
                .setAttachmentContentType("image/png").setAttachmentFileSize(1234).setAttachmentUpdatedAt(T0.plusHours(1)));
        migrate();
        var a = target.selectFrom(ATTACHMENTS).fetchSingle();
        var request = target.select(REQUESTS.ID).from(REQUESTS).fetchSingle().value1();
        assertEquals("requests/" + request + "/" + a.getId() + "/my_poster.png", a.getStorageKey(), "spaces made safe");
        assertEquals("my poster.png", a.getFilename());
        assertEquals(1234L, a.getByteSize());
        assertEquals("image/png", a.getContentType());
        assertEquals(target.select(COMMENTS.ID).from(COMMENTS).fetchSingle().value1(), a.getCommentId());
        assertEquals(target.select(USERS.ID).from(USERS).fetchSingle().value1(), a.getUploaderId());
        assertEquals(T0.plusHours(1), a.getUpdatedAt());
    }

    @Test
    void blankMessageWithAttachmentMakesNoCommentRow() {
        insert(user(1), order(1), comment(1, 1, 1, "  ").setAttachmentFileName("../../etc/passwd"));
        RunReport report = migrate();
        assertEquals(0, target.fetchCount(COMMENTS));
        var a = target.selectFrom(ATTACHMENTS).fetchSingle();
        assertNull(a.getCommentId());
        assertEquals("../../etc/passwd", a.getFilename());
        assertNotNull(a.getUploaderId());
        assertEquals(false, java.util.List.of(a.getStorageKey().split("/")).contains(".."), a.getStorageKey());
        assertEquals(1, report.account("comments").written());
    }
}
