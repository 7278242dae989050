package io.github.nightlymigration.guard;

import static io.github.nightlymigration.newapp.db.Tables.REQUESTS;
import static io.github.nightlymigration.newapp.db.Tables.USERS;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import io.github.nightlymigration.translate.TranslatorIdentity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A translator that knows its database. A valid translator from another installation, or an old backup, opens
 * fine; run with it and every row it does not know gets a new id (and every file a new key) without a word.
 * Each publish records the translator's {@link TranslatorIdentity} in the new database ({@link PublishMark}), so
 * the check is exact: the same installation, and a translator saved at least as often as when the database was
 * last published (more is fine: a kill between saving the translator and publishing leaves it one ahead). The
 * new app's own rows in the migrated tables do not matter.
 *
 * <p>A database or translator from before identities (the first night after an upgrade, a restore from an old
 * export) is checked by its rows instead, once: every user and request uuid must be one the translator handed
 * out, and no bigint id may lie past its high-water mark. An empty new database (wiped on purpose) proves
 * nothing and passes: it is rebuilt with the same ids.
 */
public final class TranslatorFit {
    private static final int EXAMPLES = 3;

    private TranslatorFit() {}

    /** @throws MigratorException exit 3, naming what does not match (the caller, who opened {@code ids}, closes it) */
    public static void require(Connection target, IdTranslator ids, Path file) throws SQLException {
        List<String> mismatches = mismatches(target, ids, PublishMark.read(target));
        if (mismatches.isEmpty()) return;
        throw new MigratorException(MigratorException.TRANSLATOR, "translator " + file.toAbsolutePath()
                + " does not belong to this new database (" + currentDatabase(target) + "): " + String.join("; ", mismatches)
                + ". It is from another installation or an older backup; a run with it would give those rows new ids"
                + " (and their files new keys). Nothing was written. Restore the translator this database was built"
                + " with from its last ID export: scripts/jbang migrate --restore-translator <export dir> (or empty the"
                + " new database to start over on purpose)");
    }

    static List<String> mismatches(Connection target, IdTranslator ids, Optional<PublishMark.Mark> published)
            throws SQLException {
        TranslatorIdentity mine = ids.identity();
        if (published.isPresent() && mine != null) {
            TranslatorIdentity theirs = published.get().translator();
            if (!theirs.installation().equals(mine.installation())) {
                return List.of("it is installation " + mine.installation() + "'s, the database was last published with"
                        + " installation " + theirs.installation() + "'s");
            }
            if (mine.generation() < theirs.generation()) {
                return List.of("it is save " + mine.generation() + " of its installation, the database was last published"
                        + " with save " + theirs.generation());
            }
            return List.of();
        }
        List<String> out = new ArrayList<>();
        unknownUuids(target, USERS, ids, IdKind.USER, out);
        unknownUuids(target, REQUESTS, ids, IdKind.REQUEST, out);
        for (Map.Entry<Table<?>, IdKind> e : MigrationPlan.BIGINT_IDS.entrySet()) {
            long max = single(target, "SELECT coalesce(max(id), 0) FROM " + name(e.getKey()));
            long high = ids.highWater(e.getValue());
            if (max > high) {
                out.add(String.format("%s holds ids up to %,d, the translator handed out up to %,d", e.getKey().getName(),
                        max, high));
            }
        }
        return out;
    }

    private static void unknownUuids(Connection target, Table<?> table, IdTranslator ids, IdKind kind, List<String> out)
            throws SQLException {
        Set<UUID> known = new HashSet<>();
        ids.forEach(kind, (oldId, part, bigint, uuid) -> known.add(uuid));
        long rows = 0;
        long unknown = 0;
        List<UUID> examples = new ArrayList<>();
        try (PreparedStatement s = target.prepareStatement("SELECT id FROM " + name(table));
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows++;
                UUID id = rs.getObject(1, UUID.class);
                if (!known.contains(id)) {
                    if (++unknown <= EXAMPLES) examples.add(id);
                }
            }
        }
        if (unknown > 0) {
            out.add(String.format("%,d of %,d %s have ids it never handed out (e.g. %s)", unknown, rows, table.getName(),
                    examples));
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT current_database()"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String name(Table<?> table) {
        return DSL.using(org.jooq.SQLDialect.POSTGRES).render(table.getUnqualifiedName());
    }
}
