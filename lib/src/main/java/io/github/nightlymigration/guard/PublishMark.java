package io.github.nightlymigration.guard;

import io.github.nightlymigration.cutover.LiveMark;
import io.github.nightlymigration.translate.TranslatorIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * What the new database records of its last publish, in the migrator's own schema ({@code nightly_migrator},
 * beside the cut-over mark): the identity of the translator it was published with, and the publishing
 * transaction's id, after which every row of a migrated table was written by someone else (the new app).
 * Written inside the publishing transaction, so it is there exactly when tonight's tables are.
 */
public final class PublishMark {
    private static final String TABLE = LiveMark.SCHEMA + ".published";

    /** {@code transaction}: the publishing transaction's 64-bit id (txid_current). */
    public record Mark(TranslatorIdentity translator, long transaction) {}

    private PublishMark() {}

    /** The last publish's mark; empty for a database published before marks existed (or never). */
    public static Optional<Mark> read(Connection target) throws SQLException {
        try (PreparedStatement s = target.prepareStatement("SELECT to_regclass('" + TABLE + "') IS NOT NULL");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) return Optional.empty();
        }
        try (PreparedStatement s = target.prepareStatement("SELECT installation, generation, transaction FROM " + TABLE
                + " WHERE database = current_database()"); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) return Optional.empty();
            return Optional.of(new Mark(new TranslatorIdentity(rs.getObject(1, UUID.class), rs.getLong(2)), rs.getLong(3)));
        }
    }

    /**
     * In the publishing transaction, just before it commits. False when the migrator's role may not create the
     * mark's schema (no CREATE on the database): then nothing is recorded, and each run checks the translator
     * against the new database's rows instead.
     */
    public static boolean write(Connection target, TranslatorIdentity translator) throws SQLException {
        try (PreparedStatement s = target.prepareStatement("SELECT to_regclass('" + TABLE + "') IS NOT NULL"
                + " OR has_database_privilege(current_database(), 'CREATE')"); ResultSet rs = s.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) return false;
        }
        try (Statement s = target.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + LiveMark.SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (database text PRIMARY KEY, installation uuid NOT NULL,"
                    + " generation bigint NOT NULL, transaction bigint NOT NULL, published_at timestamptz NOT NULL)");
        }
        try (PreparedStatement s = target.prepareStatement("INSERT INTO " + TABLE + " VALUES (current_database(), ?, ?,"
                + " txid_current(), now()) ON CONFLICT (database) DO UPDATE SET installation ="
                + " excluded.installation, generation = excluded.generation, transaction = excluded.transaction,"
                + " published_at = excluded.published_at")) {
            s.setObject(1, translator.installation());
            s.setLong(2, translator.generation());
            s.executeUpdate();
        }
        return true;
    }
}
