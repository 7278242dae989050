package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.ATTACHMENTS;

import io.github.nightlymigration.files.StorageKey;
import io.github.nightlymigration.legacy.db.tables.records.CommentsRecord;
import io.github.nightlymigration.translate.IdKind;
import java.util.UUID;

/**
 * A comment's Paperclip attachment -> attachments: the legacy file name unchanged, and the
 * object-storage key {@code requests/<request uuid>/<attachment uuid>/<safe file name>}.
 */
public final class AttachmentRules {
    private AttachmentRules() {}

    static boolean present(CommentsRecord comment) {
        return comment.getAttachmentFileName() != null && !comment.getAttachmentFileName().isEmpty();
    }

    static void migrate(CommentsRecord comment, UUID request, Long commentId, UUID uploader, Timestamps at,
            RuleContext ctx, Emitter out) {
        UUID id = ctx.ids.uuid(IdKind.ATTACHMENT, comment.getId());
        String filename = comment.getAttachmentFileName();
        Integer size = comment.getAttachmentFileSize();
        out.emit(ctx.newRow(ATTACHMENTS)
                .setId(id)
                .setRequestId(request)
                .setCommentId(commentId)
                .setUploaderId(uploader)
                .setFilename(filename)
                .setContentType(UserRules.blankToNull(comment.getAttachmentContentType()))
                .setByteSize(size == null ? null : size.longValue())
                .setStorageKey(StorageKey.of(request, id, filename))
                .setInsertedAt(at.inserted())
                .setUpdatedAt(comment.getAttachmentUpdatedAt() != null ? comment.getAttachmentUpdatedAt() : at.updated()));
    }
}
