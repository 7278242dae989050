package io.github.nightlymigration.translate;

/**
 * What an old key translates to. Each kind is its own id space; {@link #composite} kinds are
 * keyed by an old row plus a part of it (order 7 + format "poster", order 7 + stage "advisor").
 */
public enum IdKind {
    USER(true, false),
    GROUP(false, false),
    MEMBERSHIP(false, false),
    REQUEST(true, false),
    REQUEST_FORMAT(false, true),
    APPROVAL(false, true),
    COMMENT(false, false),
    REQUEST_EVENT(false, false),
    ATTACHMENT(true, false),
    NOTIFICATION(false, false);

    /** New ids are random UUIDs; otherwise bigints counted up like the new side's identity. */
    public final boolean uuid;
    public final boolean composite;

    IdKind(boolean uuid, boolean composite) {
        this.uuid = uuid;
        this.composite = composite;
    }

    /** The name used in the translator file and in CSV exports. */
    public String fileName() {
        return name().toLowerCase();
    }
}
