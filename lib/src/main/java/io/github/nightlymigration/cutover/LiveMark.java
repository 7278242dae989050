package io.github.nightlymigration.cutover;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.export.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The record that a new database is live: one row in {@code nightly_migrator.cutover}, a schema of the
 * migrator's own in the new database. The new app never sees it: it reads and migrates its own schema
 * ({@code public}, on its search_path), and the migrator's preflight checks only the tables of that schema. A
 * row in a table (not a comment, not a setting) is written in the same kind of transaction as everything else,
 * so the mark is there or not, and it travels with the database whatever state directory a later command gets.
 * The state directory keeps a copy ({@code cutover.json}) for the operator; the database's row is the truth, and
 * a copy lost to a kill between the two is written again from it by the next command that looks.
 */
public final class LiveMark {
    public static final String SCHEMA = "nightly_migrator";
    public static final String STATE_FILE = "cutover.json";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** @param database the new database's name; {@code run} the final migration's run folder */
    public record Mark(String database, Instant liveSince, String run, String summary) {
        public String describe() {
            return "the database is live since " + liveSince + " (" + database + ", cut over by run " + run + ")";
        }
    }

    private LiveMark() {}

    /** The mark in the new database, if any (the schema may not exist: then it was never cut over). */
    public static Optional<Mark> read(Connection target) throws SQLException {
        try (PreparedStatement s = target.prepareStatement("SELECT to_regclass('" + SCHEMA + ".cutover') IS NOT NULL");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) return Optional.empty();
        }
        try (PreparedStatement s = target.prepareStatement("SELECT database, live_since, run, summary FROM " + SCHEMA
                + ".cutover WHERE database = current_database()"); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) return Optional.empty();
            return Optional.of(new Mark(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                    rs.getString(3), rs.getString(4)));
        }
    }

    /**
     * Refuses a migration against a live database, whatever state directory it was given; a state directory that
     * recorded a cut-over refuses too (its database may have been restored from a dump without the mark).
     */
    public static void refuseIfLive(Connection target, Path stateDir) throws SQLException {
        Optional<Mark> mark = read(target);
        target.rollback();
        if (mark.isPresent()) {
            mirror(stateDir, mark.get());
            throw live(mark.get().describe());
        }
        Optional<Mark> recorded = readState(stateDir);
        if (recorded.isPresent()) {
            throw live(recorded.get().describe() + " per " + stateDir.resolve(STATE_FILE).toAbsolutePath()
                    + ", though this database carries no mark (restored from a dump?)");
        }
    }

    private static MigratorException live(String what) {
        return new MigratorException(MigratorException.DATABASE_LIVE, "refused: " + what + "; a migration would"
                + " overwrite what its users wrote since. Nothing was written. export-ids and inspect keep working;"
                + " to go back after a rehearsal: scripts/jbang cutover --undo --yes-i-know <database name>");
    }

    /** Writes the mark in the caller's transaction; the caller commits (that commit is the cut-over). */
    static void write(Connection target, Mark mark) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            s.execute("COMMENT ON SCHEMA " + SCHEMA + " IS 'nightly migrator: marks this database live since its"
                    + " cut-over (the app does not use this schema)'");
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".cutover (database text PRIMARY KEY,"
                    + " live_since timestamptz NOT NULL, run text NOT NULL, summary text NOT NULL)");
        }
        try (PreparedStatement s = target.prepareStatement("INSERT INTO " + SCHEMA + ".cutover VALUES (?, ?, ?, ?)")) {
            s.setString(1, mark.database());
            s.setObject(2, OffsetDateTime.ofInstant(mark.liveSince(), ZoneOffset.UTC));
            s.setString(3, mark.run());
            s.setString(4, mark.summary());
            s.executeUpdate();
        }
    }

    /** Removes the mark in the caller's transaction (a rehearsal's way back); true if there was one. */
    static boolean remove(Connection target) throws SQLException {
        if (read(target).isEmpty()) return false;
        try (Statement s = target.createStatement()) {
            return s.executeUpdate("DELETE FROM " + SCHEMA + ".cutover WHERE database = current_database()") > 0;
        }
    }

    /** The state directory's copy: written whole to a temporary file and renamed, so never half there. */
    static void mirror(Path stateDir, Mark mark) {
        Optional<Mark> present = readState(stateDir);
        if (present.isPresent() && present.get().equals(mark)) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", mark.database());
        m.put("live_since", mark.liveSince().toString());
        m.put("run", mark.run());
        m.put("summary", mark.summary());
        AtomicFiles.writeString(stateDir.resolve(STATE_FILE), JSON.writeValueAsString(m));
    }

    public static Optional<Mark> readState(Path stateDir) {
        Path file = stateDir.resolve(STATE_FILE);
        if (!Files.exists(file)) return Optional.empty();
        JsonNode m = JSON.readTree(file.toFile());
        return Optional.of(new Mark(m.path("database").asString(), Instant.parse(m.path("live_since").asString()),
                m.path("run").asString(), m.path("summary").asString()));
    }

    /** Moves the state directory's copy aside (kept, renamed), after an undo. */
    static Path retireState(Path stateDir) throws IOException {
        Path file = stateDir.resolve(STATE_FILE);
        if (!Files.exists(file)) return null;
        Path aside = stateDir.resolve("cutover-undone-" + Instant.now().toEpochMilli() + ".json");
        return Files.move(file, aside);
    }
}
