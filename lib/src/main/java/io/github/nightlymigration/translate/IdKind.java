package io.github.nightlymigration.translate;

/**
 * What an old key translates to. Each kind is its own id space; {@link #composite} kinds are
 * keyed by an old row plus a part of it (order 7 + format "poster", order 7 + stage "advisor")
 * and are always {@link #sequential} (only the merge holds keys with parts).
 */
public enum IdKind {
    USER(true, false, false, "old_user_id"),
    GROUP(false, false, false, "old_organization_id"),
    MEMBERSHIP(false, false, false, "old_assignment_id"),
    REQUEST(true, false, false, "old_order_id"),
    REQUEST_FORMAT(false, true, true, "old_order_id", "format"),
    APPROVAL(false, true, true, "old_order_id", "stage"),
    COMMENT(false, false, true, "old_comment_id"),
    REQUEST_EVENT(false, false, true, "old_comment_id"),
    ATTACHMENT(true, false, true, "old_comment_id"),
    NOTIFICATION(false, false, true, "old_notification_id");

    /** New ids are random UUIDs; otherwise bigints counted up like the new side's identity. */
    public final boolean uuid;
    public final boolean composite;
    /**
     * Looked up only while its own old table is read in old-id order, so it is merge-joined
     * against the sorted file instead of held in memory: the big tables cost no heap.
     */
    public final boolean sequential;
    /** The key's columns in CSV exports: the old row's id, then the part for composite kinds. */
    public final java.util.List<String> keyColumns;

    IdKind(boolean uuid, boolean composite, boolean sequential, String... keyColumns) {
        this.uuid = uuid;
        this.composite = composite;
        this.sequential = sequential;
        this.keyColumns = java.util.List.of(keyColumns);
    }

    /** The name used in the translator file and in CSV exports. */
    public String fileName() {
        return name().toLowerCase();
    }
}
