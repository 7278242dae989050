package io.github.nightlymigration.lineage;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.engine.Databases;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.TranslatorReader;
import io.github.nightlymigration.translate.TranslatorReader.Translation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Row lineage, both ways: every new row an old row became, or the old row(s) a new row came from.
 * Answered from the published translator (read without the run lock, never written), both databases
 * (read-only) and the latest successful run's report and rejects.csv.
 */
public final class Lineage {
    /** A translator kind: the old table whose ids key it and the new table whose ids it holds. */
    private record Kind(IdKind kind, String oldTable, String newTable, String part) {}

    private static final List<Kind> KINDS = List.of(
            new Kind(IdKind.GROUP, "organizations", "groups", null),
            new Kind(IdKind.USER, "users", "users", null),
            new Kind(IdKind.MEMBERSHIP, "assignments", "memberships", null),
            new Kind(IdKind.REQUEST, "orders", "requests", null),
            new Kind(IdKind.REQUEST_FORMAT, "orders", "request_formats", "format"),
            new Kind(IdKind.APPROVAL, "orders", "approvals", "stage"),
            new Kind(IdKind.COMMENT, "comments", "comments", null),
            new Kind(IdKind.REQUEST_EVENT, "comments", "request_events", null),
            new Kind(IdKind.ATTACHMENT, "comments", "attachments", null),
            new Kind(IdKind.NOTIFICATION, "notifications", "notifications", null));

    static final Set<String> OLD_TABLES = new LinkedHashSet<>(KINDS.stream().map(Kind::oldTable).toList());
    static final Set<String> NEW_TABLES = newTables();

    private final MigratorSettings settings;
    private final Table rows = Table.create("rows", StringColumn.create("relation"), StringColumn.create("table"),
            StringColumn.create("id"), StringColumn.create("detail"), StringColumn.create("in_database_now"));
    private final Table findings = Table.create("in the last run", StringColumn.create("row"),
            StringColumn.create("outcome"), StringColumn.create("reason"));
    private final List<String> notes = new ArrayList<>();

    private Lineage(MigratorSettings settings) {
        this.settings = settings;
    }

    /** Traces {@code old.orders:123}, {@code new.requests:<uuid>} and the like (see {@link RowRef}). */
    public static Trace trace(MigratorSettings settings, String row) {
        RowRef ref = RowRef.parse(row);
        return new Lineage(settings).run(ref);
    }

    private Trace run(RowRef ref) {
        Path stateDir = settings.stateDir();
        Path file = MigrationRun.translatorFile(stateDir);
        notePublishing(file, stateDir);
        LastRun lastRun = LastRun.latest(stateDir);
        if (lastRun == null) notes.add("no successful run in " + stateDir.resolve("runs") + ": nothing to say about warnings or rejections");
        try (TranslatorReader translator = TranslatorReader.open(file);
             Connection old = Databases.openLegacySnapshot(settings);
             Connection target = Databases.openTarget(settings)) {
            target.setReadOnly(true);
            DSLContext oldDb = DSL.using(old, SQLDialect.POSTGRES);
            DSLContext newDb = DSL.using(target, SQLDialect.POSTGRES);
            if (translator == null) {
                notes.add("no translator at " + file + " yet: no run has published");
            } else if (ref.old()) {
                traceOld(ref, translator, oldDb, newDb, lastRun);
            } else {
                traceNew(ref, translator, oldDb, newDb, lastRun);
            }
            target.rollback();
        } catch (SQLException e) {
            throw new MigratorException(MigratorException.RUN_FAILED, "trace of " + ref + " failed: " + e.getMessage(), e);
        }
        return new Trace(ref.toString(), rows, findings, List.copyOf(notes));
    }

    private void traceOld(RowRef ref, TranslatorReader translator, DSLContext oldDb, DSLContext newDb, LastRun lastRun) {
        long id = (Long) ref.id();
        boolean exists = exists(oldDb, ref.table(), id);
        rows.stringColumn(0).append("this row");
        rows.stringColumn(1).append("old." + ref.table());
        rows.stringColumn(2).append(Long.toString(id));
        rows.stringColumn(3).append("");
        rows.stringColumn(4).append(exists ? "yes" : "no (deleted since, or never existed)");
        int before = rows.rowCount();
        derived(ref.table(), id, null, translator, newDb);
        if (ref.table().equals("orders")) orderChildren(id, translator, oldDb, newDb);
        if (ref.table().equals("users")) mergedUsers(id, translator);
        if (rows.rowCount() == before) {
            notes.add(ref + " is not in the translator: never migrated (rejected, or newer than the last run)"
                    + (exists ? "" : ", and the old database does not hold it"));
        }
        findings(ref.table(), id, lastRun);
    }

    /** The rows a migrated order also owns: its subscriptions, and what its comments and notifications became. */
    private void orderChildren(long orderId, TranslatorReader translator, DSLContext oldDb, DSLContext newDb) {
        for (Translation request : translator.of(IdKind.REQUEST, orderId)) {
            for (var r : newDb.resultQuery("SELECT user_id FROM subscriptions WHERE request_id = ? ORDER BY user_id",
                    request.uuid())) {
                add("derived", "subscriptions", request.uuid() + "/" + r.get(0), "user " + r.get(0), "yes");
            }
        }
        for (var r : oldDb.resultQuery("SELECT id FROM comments WHERE order_id = ? ORDER BY id", orderId)) {
            derived("comments", ((Number) r.get(0)).longValue(), "of old.comments:" + r.get(0), translator, newDb);
        }
        for (var r : oldDb.resultQuery("SELECT id FROM notifications WHERE notable_type = 'Order' AND notable_id = ? ORDER BY id",
                orderId)) {
            derived("notifications", ((Number) r.get(0)).longValue(), "of old.notifications:" + r.get(0), translator, newDb);
        }
    }

    /** Two old users whose emails differ only in case became one new user. */
    private void mergedUsers(long userId, TranslatorReader translator) {
        for (Translation user : translator.of(IdKind.USER, userId)) {
            for (Translation other : translator.find(IdKind.USER, user.newId())) {
                if (other.oldId() != userId) {
                    add("merged with", "old.users", Long.toString(other.oldId()), "shares new user " + user.newId(), "");
                }
            }
        }
    }

    private void derived(String oldTable, long oldId, String via, TranslatorReader translator, DSLContext newDb) {
        for (Kind k : KINDS) {
            if (!k.oldTable.equals(oldTable)) continue;
            for (Translation t : translator.of(k.kind, oldId)) {
                String detail = k.part == null ? "" : k.part + " " + t.part();
                if (k.kind == IdKind.ATTACHMENT) detail = "storage key " + storageKey(newDb, t.uuid());
                if (via != null) detail = (detail.isEmpty() ? "" : detail + ", ") + via;
                Object newId = k.kind.uuid ? t.uuid() : (Object) t.bigint();
                add("derived", k.newTable, t.newId(), detail, exists(newDb, k.newTable, newId) ? "yes" : "no");
            }
        }
    }

    private void traceNew(RowRef ref, TranslatorReader translator, DSLContext oldDb, DSLContext newDb, LastRun lastRun) {
        boolean subscription = ref.table().equals("subscriptions");
        rows.stringColumn(0).append("this row");
        rows.stringColumn(1).append("new." + ref.table());
        rows.stringColumn(2).append(ref.key());
        rows.stringColumn(3).append("");
        rows.stringColumn(4).append(subscription ? "" : exists(newDb, ref.table(), ref.id()) ? "yes" : "no");
        List<Translation> sources = new ArrayList<>();
        if (subscription) {
            UUID[] key = ref.subscription();
            sources.addAll(translator.find(IdKind.REQUEST, key[0].toString()));
            sources.addAll(translator.find(IdKind.USER, key[1].toString()));
            notes.add("a subscription comes from its order's subscriber list: the order and the user(s) are shown");
        } else {
            sources.addAll(translator.find(kindOfNew(ref.table()), ref.id().toString()));
        }
        for (Translation t : sources) {
            Kind k = KINDS.stream().filter(x -> x.kind == t.kind()).findFirst().orElseThrow();
            add("came from", "old." + k.oldTable, Long.toString(t.oldId()), k.part == null ? "" : k.part + " " + t.part(),
                    exists(oldDb, k.oldTable, t.oldId()) ? "yes" : "no (deleted since)");
            findings(k.oldTable, t.oldId(), lastRun);
        }
        if (sources.size() > 1 && ref.table().equals("users")) notes.add("several old users: merged (emails differ only in case)");
        if (sources.isEmpty()) notes.add(ref + " has no old row in the translator: not made by the migration");
    }

    private void findings(String oldTable, long oldId, LastRun lastRun) {
        if (lastRun == null) return;
        for (LastRun.Finding f : lastRun.about(oldTable, oldId)) {
            findings.stringColumn(0).append("old." + oldTable + ":" + oldId);
            findings.stringColumn(1).append(f.outcome() + " (run " + lastRun.name() + ")");
            findings.stringColumn(2).append(f.text());
        }
        List<String> unknown = lastRun.untraceableWarnings(oldTable);
        if (!unknown.isEmpty()) {
            notes.add("report.json of run " + lastRun.name() + " keeps 10 example ids per warning; old." + oldTable
                    + " may also have: " + String.join("; ", unknown));
        }
    }

    /** The translator file is only ever replaced by a rename: a reader sees the last published one, complete. */
    private void notePublishing(Path file, Path stateDir) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        if (!Files.exists(next)) return;
        String holder = "";
        try {
            Path lock = stateDir.resolve("migrator.lock");
            if (Files.exists(lock)) holder = Files.readString(lock, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            holder = "";
        }
        notes.add("a run is publishing" + (holder.isEmpty() ? " (or one was killed while writing)" : ": " + holder)
                + "; this trace reads the translator the run before it published, never the half-written "
                + next.getFileName() + ", so the newest rows may not be in it yet");
    }

    private String storageKey(DSLContext newDb, UUID attachment) {
        var r = newDb.resultQuery("SELECT storage_key FROM attachments WHERE id = ?", attachment).fetchOne();
        return r == null ? "(not in the new database)" : String.valueOf(r.get(0));
    }

    private static boolean exists(DSLContext db, String table, Object id) {
        return db.resultQuery("SELECT 1 FROM " + db.render(DSL.name(table)) + " WHERE id = ?", id).fetchOne() != null;
    }

    private void add(String relation, String table, String id, String detail, String present) {
        rows.stringColumn(0).append(relation);
        rows.stringColumn(1).append(table.contains(".") ? table : "new." + table);
        rows.stringColumn(2).append(id);
        rows.stringColumn(3).append(detail);
        rows.stringColumn(4).append(present);
    }

    /**
     * Where a new table's rows come from: the translator kind of the new id in {@code idColumn} and its old table
     * ({@code part}: what a composite kind adds to the old id). A subscription comes from its order's list.
     */
    public record Source(IdKind kind, String oldTable, String idColumn, String part) {}

    public static java.util.Optional<Source> sourceOf(String newTable) {
        if (newTable.equals("subscriptions")) return java.util.Optional.of(new Source(IdKind.REQUEST, "orders", "request_id", null));
        return KINDS.stream().filter(k -> k.newTable.equals(newTable)).findFirst()
                .map(k -> new Source(k.kind, k.oldTable, "id", k.part));
    }

    static IdKind kindOfNew(String newTable) {
        return KINDS.stream().filter(k -> k.newTable.equals(newTable)).map(Kind::kind).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no new table " + newTable));
    }

    private static Set<String> newTables() {
        Set<String> tables = new LinkedHashSet<>(KINDS.stream().map(Kind::newTable).toList());
        tables.add("subscriptions");
        return tables;
    }
}
