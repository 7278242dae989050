package io.github.nightlymigration.cutover;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.export.AttachmentCsv;
import io.github.nightlymigration.export.AttachmentRow;
import io.github.nightlymigration.files.FileDigest;
import io.github.nightlymigration.files.PaperclipPath;
import io.github.nightlymigration.files.S3Clients;
import io.github.nightlymigration.files.SyncSettings;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.report.TableAccount;
import io.github.nightlymigration.rules.MigrationPlan;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The cut-over's full check of what the final run published: counts, sequences, every reference, every file.
 * A problem is a reason to refuse; a file the old app had itself lost (its row points at nothing on disk) is
 * listed, not a problem: the new app gets the same gap the old one had.
 *
 * @param checked   one line per check that passed
 * @param problems  one line per check that failed
 * @param lostFiles   legacy paths of attachments whose file the old app lost (missing in the old tree)
 * @param unsafePaths legacy paths that lead outside the attachments tree (refused by the sync too), with why
 */
public record FinalValidation(List<String> checked, List<String> problems, List<String> lostFiles,
                              List<String> unsafePaths) {
    public boolean passed() {
        return problems.isEmpty();
    }

    /** @param files null when the files are synced elsewhere (then the attachment check is reported as skipped) */
    static FinalValidation of(Connection old, Connection target, RunReport run, Path exportDir, SyncSettings files,
            Progress progress) throws SQLException, IOException {
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<String> unsafe = new ArrayList<>();
        progress.update("validation: counts", 0, 1, "old rows against the final run's, new rows against what it wrote");
        counts(DSL.using(old, SQLDialect.POSTGRES), DSL.using(target, SQLDialect.POSTGRES), run, checked, problems);
        progress.update("validation: counts", 1, 1);
        progress.update("validation: sequences", 0, 1);
        sequences(DSL.using(target, SQLDialect.POSTGRES), checked, problems);
        progress.update("validation: sequences", 1, 1);
        references(DSL.using(target, SQLDialect.POSTGRES), checked, problems, progress);
        if (files == null) {
            checked.add("attachments: not checked here (files synced on another machine: --skip-files)");
        } else {
            attachments(AttachmentCsv.read(exportDir.resolve(AttachmentCsv.FILE_NAME)), files, checked, problems, lost,
                    unsafe, progress);
        }
        return new FinalValidation(List.copyOf(checked), List.copyOf(problems), List.copyOf(lost), List.copyOf(unsafe));
    }

    /** The old side is stopped, so what the final run read is what the old tables hold, and what it wrote is here. */
    private static void counts(DSLContext old, DSLContext target, RunReport run, List<String> checked, List<String> problems) {
        long oldRows = 0;
        long newRows = 0;
        for (TableAccount a : run.accounts()) {
            long now = old.fetchCount(DSL.table(DSL.name(a.table())));
            oldRows += now;
            if (now != a.read()) problems.add(String.format("old %s holds %,d rows, the final run read %,d", a.table(), now, a.read()));
        }
        for (Table<?> table : MigrationPlan.newTables()) {
            long now = target.fetchCount(table);
            long written = run.writtenByNewTable().getOrDefault(table.getName(), 0L);
            newRows += now;
            if (now != written) problems.add(String.format("new %s holds %,d rows, the final run wrote %,d", table.getName(), now, written));
        }
        checked.add(String.format("counts: %,d old rows read, %,d new rows as written", oldRows, newRows));
    }

    private static void sequences(DSLContext target, List<String> checked, List<String> problems) {
        int ok = 0;
        for (Table<?> table : MigrationPlan.BIGINT_IDS.keySet()) {
            String name = table.getName();
            long max = value(target, Long.class, "SELECT coalesce(max(id), 0) FROM " + DSL.name(name));
            String sequence = value(target, String.class, "SELECT pg_get_serial_sequence({0}, 'id')", name);
            Record seq = target.fetchOne("SELECT last_value, is_called FROM " + sequence);
            long last = seq.get(0, Long.class);
            long next = Boolean.TRUE.equals(seq.get(1, Boolean.class)) ? last + 1 : last;
            if (next > max) ok++;
            else problems.add(String.format("sequence of %s would hand out %,d, but the table holds id %,d", name, next, max));
        }
        checked.add("sequences: " + ok + " of " + MigrationPlan.BIGINT_IDS.size() + " past their table's largest id");
    }

    /** Every foreign key of the new schema, checked row by row (not trusting that the constraints were validated). */
    private static void references(DSLContext target, List<String> checked, List<String> problems, Progress progress) {
        var keys = target.fetch("SELECT c.conname, cl.relname AS child, pl.relname AS parent,"
                + " (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)"
                + "   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS child_columns,"
                + " (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)"
                + "   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS parent_columns"
                + " FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class pl ON pl.oid = c.confrelid"
                + " JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE c.contype = 'f' AND n.nspname = current_schema()"
                + " ORDER BY 1");
        long references = 0;
        int done = 0;
        for (Record key : keys) {
            progress.update("validation: references", done++, keys.size(), "foreign key " + key.get("conname"));
            String[] childColumns = key.get("child_columns", String[].class);
            String[] parentColumns = key.get("parent_columns", String[].class);
            List<String> notNull = new ArrayList<>();
            List<String> join = new ArrayList<>();
            for (int i = 0; i < childColumns.length; i++) {
                notNull.add("c." + DSL.name(childColumns[i]) + " IS NOT NULL");
                join.add("p." + DSL.name(parentColumns[i]) + " = c." + DSL.name(childColumns[i]));
            }
            String child = DSL.name(key.get("child", String.class)).toString();
            String parent = DSL.name(key.get("parent", String.class)).toString();
            String where = String.join(" AND ", notNull);
            references += value(target, Long.class, "SELECT count(*) FROM " + child + " c WHERE " + where);
            long dangling = value(target, Long.class, "SELECT count(*) FROM " + child + " c WHERE " + where
                    + " AND NOT EXISTS (SELECT 1 FROM " + parent + " p WHERE " + String.join(" AND ", join) + ")");
            if (dangling > 0) {
                problems.add(String.format("%,d rows of %s point at no %s (%s)", dangling, key.get("child"), key.get("parent"),
                        key.get("conname")));
            }
        }
        progress.update("validation: references", keys.size(), keys.size());
        checked.add(String.format("references: %,d references over %d foreign keys, every one resolvable", references,
                keys.size()));
    }

    private static <T> T value(DSLContext db, Class<T> type, String sql, Object... binds) {
        return db.resultQuery(sql, binds).fetchOne(0, type);
    }

    /** Each attachment whose file exists in the old tree must be in the bucket with the same bytes (size and ETag). */
    private static void attachments(List<AttachmentRow> rows, SyncSettings files, List<String> checked,
            List<String> problems, List<String> lost, List<String> unsafe, Progress progress) throws IOException {
        PaperclipPath.Root root = PaperclipPath.Root.of(files.filesRoot());
        int present = 0;
        List<String> wrong = new ArrayList<>();
        int done = 0;
        try (S3Client s3 = S3Clients.client(files)) {
            for (AttachmentRow row : rows) {
                progress.update("validation: attachments", done++, rows.size(), "in bucket " + files.bucket() + " with their bytes?");
                Path file;
                try {
                    // Under either Unicode normalisation form, as the sync finds it (NFC in the database, NFD on disk).
                    file = root.resolveAnySpelling(row.legacyPath()).file();
                } catch (NoSuchFileException e) {
                    lost.add(row.legacyPath());
                    continue;
                } catch (IOException e) { // an unsafe path: the sync refused it too, so there is nothing to check
                    unsafe.add(row.legacyPath() + " (" + e.getMessage() + ")");
                    continue;
                }
                FileDigest digest = FileDigest.of(file, S3Clients.PART_SIZE);
                try {
                    HeadObjectResponse head = s3.headObject(b -> b.bucket(files.bucket()).key(row.storageKey()));
                    if (head.contentLength() == digest.size() && digest.matchesEtag(head.eTag())) present++;
                    else wrong.add(row.storageKey() + " (other bytes than " + row.legacyPath() + ")");
                } catch (NoSuchKeyException e) {
                    wrong.add(row.storageKey() + " (missing)");
                } catch (S3Exception e) {
                    if (e.statusCode() != 404) throw e;
                    wrong.add(row.storageKey() + " (missing)");
                }
            }
        }
        progress.update("validation: attachments", rows.size(), rows.size());
        if (!wrong.isEmpty()) {
            problems.add(String.format("%,d attachments not in bucket %s with their bytes, e.g. %s", wrong.size(),
                    files.bucket(), wrong.subList(0, Math.min(3, wrong.size()))));
        }
        checked.add(String.format("attachments: %,d of %,d in bucket %s with their bytes; %,d lost by the old app and"
                + " %,d unsafe paths (listed in the cut-over report)", present, rows.size(), files.bucket(), lost.size(),
                unsafe.size()));
    }
}
