package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.REQUEST_EVENTS;

import io.github.nightlymigration.legacy.db.tables.records.CommentsRecord;
import io.github.nightlymigration.translate.IdKind;
import java.util.UUID;

/**
 * The comment / audit-event split. A comment with user_id NULL whose whole text is a system
 * text ({@link AuditMessage}) becomes a request_events row, its actor the one user with that
 * exact "first last" name (else NULL). Every other comment becomes a comments row, except one
 * with a blank message that only carries an attachment. An attachment makes an attachments row
 * ({@link AttachmentRules}). A comment whose order does not exist is rejected.
 */
public final class CommentRules {
    private CommentRules() {}

    public static void migrate(CommentsRecord comment, RuleContext ctx, Emitter out) {
        int oldId = comment.getId();
        UUID request = ctx.directory.request(comment.getOrderId());
        if (request == null) {
            ctx.reject(comment, oldId, "order " + comment.getOrderId() + " does not exist or was rejected");
            return;
        }
        Timestamps at = Timestamps.of(comment.getCreatedAt(), comment.getUpdatedAt(), comment, oldId, ctx);
        AuditMessage audit = comment.getUserId() == null ? AuditMessage.parse(comment.getMessage()) : null;
        boolean hasAttachment = AttachmentRules.present(comment);
        UUID author = null;
        Long commentId = null;
        if (audit != null) {
            UUID actor = ctx.directory.userNamed(audit.actorName());
            if (actor == null) ctx.warn(comment, oldId, "system comment's actor name matches no single user: actor NULL");
            out.emit(ctx.newRow(REQUEST_EVENTS)
                    .setId(ctx.ids.bigint(IdKind.REQUEST_EVENT, oldId))
                    .setRequestId(request)
                    .setActorId(actor)
                    .setAction(audit.action())
                    .setDetail(audit.detail())
                    .setMessage(comment.getMessage())
                    .setInsertedAt(at.inserted()));
        } else {
            author = ctx.directory.user(comment.getUserId());
            if (author == null && comment.getUserId() != null) {
                ctx.warn(comment, oldId, "user_id points at no user: author NULL");
            }
            String body = comment.getMessage() == null ? "" : comment.getMessage();
            if (!(hasAttachment && body.isBlank())) {
                commentId = ctx.ids.bigint(IdKind.COMMENT, oldId);
                out.emit(ctx.newRow(io.github.nightlymigration.newapp.db.Tables.COMMENTS)
                        .setId(commentId)
                        .setRequestId(request)
                        .setAuthorId(author)
                        .setBody(body)
                        .setInsertedAt(at.inserted())
                        .setUpdatedAt(at.updated()));
            }
        }
        if (hasAttachment) AttachmentRules.migrate(comment, request, commentId, author, at, ctx, out);
        ctx.written(comment);
    }
}
