package io.github.nightlymigration.lineage;

import io.github.nightlymigration.MigratorException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A row named for a trace: {@code old.orders:123} (any old table, by id) or {@code new.requests:<uuid>}
 * (any new table, by id; a subscription by {@code <request uuid>/<user uuid>}).
 */
public record RowRef(boolean old, String table, String key) {
    /** The canonical form only: 8-4-4-4-12 hex digits ({@code UUID.fromString} also takes 1-2-3-4-5). */
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** How much of an argument a message repeats: a 10,000-character one is not echoed whole. */
    private static final int ECHOED = 80;

    public static RowRef parse(String text) {
        String t = text == null ? "" : text.strip();
        int dot = t.indexOf('.');
        int colon = t.indexOf(':');
        if (dot < 0 || colon < dot || colon == t.length() - 1) throw bad(text, "expected side.table:id");
        String side = t.substring(0, dot);
        String table = t.substring(dot + 1, colon);
        String key = t.substring(colon + 1).strip();
        if (!side.equals("old") && !side.equals("new")) throw bad(text, "the side is old or new, not " + shortened(side));
        boolean old = side.equals("old");
        if (old ? !Lineage.OLD_TABLES.contains(table) : !Lineage.NEW_TABLES.contains(table)) {
            throw bad(text, "no " + side + " table " + shortened(table) + " (one of " + (old ? Lineage.OLD_TABLES : Lineage.NEW_TABLES) + ")");
        }
        RowRef ref = new RowRef(old, table, key);
        try {
            if (old) Long.parseLong(key);
            else if (table.equals("subscriptions")) ref.subscription();
            else if (Lineage.kindOfNew(table).uuid) uuid(key);
            else Long.parseLong(key);
        } catch (IllegalArgumentException e) {
            throw bad(text, "the id " + shortened(key) + " is not a " + (old || !Lineage.kindOfNew(table).uuid ? "number" : "uuid")
                    + (table.equals("subscriptions") ? " pair <request uuid>/<user uuid>" : ""));
        }
        return ref;
    }

    /** The key as the id column holds it: a Long or a UUID (normalised: lower case). */
    Object id() {
        return old || !Lineage.kindOfNew(table).uuid ? (Object) Long.parseLong(key) : uuid(key);
    }

    /** A subscription's key: request uuid, user uuid. */
    UUID[] subscription() {
        String[] parts = key.split("/");
        if (parts.length != 2) throw new IllegalArgumentException(key);
        return new UUID[] {uuid(parts[0].strip()), uuid(parts[1].strip())};
    }

    @Override
    public String toString() {
        return (old ? "old." : "new.") + table + ":" + key;
    }

    private static UUID uuid(String text) {
        if (!UUID_TEXT.matcher(text).matches()) throw new IllegalArgumentException(text);
        return UUID.fromString(text);
    }

    private static String shortened(String text) {
        return text.length() <= ECHOED ? text : text.substring(0, ECHOED) + "... (" + text.length() + " characters)";
    }

    private static MigratorException bad(String text, String problem) {
        return MigratorException.configuration("cannot trace \"" + shortened(String.valueOf(text)) + "\": " + problem);
    }
}
