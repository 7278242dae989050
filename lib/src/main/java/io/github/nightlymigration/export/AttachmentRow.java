package io.github.nightlymigration.export;

import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code attachments.csv}: where a legacy attachment file lives and where the new app reads it.
 *
 * @param legacyPath  relative to the files root, e.g. {@code public/system/comments/attachments/000/000/042/original/a.pdf}
 * @param storageKey  {@code requests/<request uuid>/<attachment uuid>/<safe file name>}
 * @param filename    the raw legacy file name, unchanged
 * @param contentType null when the legacy row had none
 * @param byteSize    null when the legacy row had none
 */
public record AttachmentRow(UUID attachmentId, long oldCommentId, UUID requestId, String legacyPath,
                            String storageKey, String filename, String contentType, Long byteSize) {

    public AttachmentRow {
        Objects.requireNonNull(attachmentId, "attachmentId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(legacyPath, "legacyPath");
        Objects.requireNonNull(storageKey, "storageKey");
        Objects.requireNonNull(filename, "filename");
        if (contentType != null && contentType.isEmpty()) {
            contentType = null;
        }
    }
}
