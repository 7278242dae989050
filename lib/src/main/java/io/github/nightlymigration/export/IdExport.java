package io.github.nightlymigration.export;

import static io.github.nightlymigration.newapp.db.Tables.ATTACHMENTS;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.engine.Databases;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.engine.RunLock;
import io.github.nightlymigration.files.PaperclipPath;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The ID export: one CSV per translator kind plus attachments.csv, then manifest.json (written
 * last, so a reader never trusts a half-written export). Holds the run lock, so it never reads
 * a translator a migration is replacing; a held lock exits 75 like an overlapping migration.
 */
public final class IdExport {
    private IdExport() {}

    /** Where exports go by default: MIGRATOR_EXPORT_DIR, else {@code <state dir>/export}. */
    public static Path defaultDirectory(MigratorSettings settings) {
        String env = System.getenv("MIGRATOR_EXPORT_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : settings.stateDir().resolve("export");
    }

    public static ExportManifest export(MigratorSettings settings, Path dir) {
        try (RunLock lock = RunLock.acquire(settings.stateDir(), "id export");
                IdTranslator ids = IdTranslator.open(MigrationRun.translatorFile(settings.stateDir()))) {
            Files.createDirectories(dir);
            List<String> files = new ArrayList<>();
            for (IdKind kind : IdKind.values()) {
                IdCsv.write(ids, kind, dir);
                files.add(IdCsv.fileName(kind));
            }
            AttachmentCsv.write(dir.resolve(AttachmentCsv.FILE_NAME), attachments(settings, ids));
            files.add(AttachmentCsv.FILE_NAME);
            if (IdentityFile.write(dir, ids.identity())) files.add(IdentityFile.FILE_NAME);
            return ExportManifest.write(dir, files);
        } catch (java.io.IOException e) {
            throw new MigratorException(MigratorException.CONFIGURATION, "cannot write the export to " + dir + ": " + e, e);
        }
    }

    /** Every attachment the new database holds, with the legacy path its file has on the files machine. */
    private static List<AttachmentRow> attachments(MigratorSettings settings, IdTranslator ids) {
        Map<UUID, Long> oldComment = new HashMap<>();
        ids.forEach(IdKind.ATTACHMENT, (oldId, part, bigint, uuid) -> oldComment.put(uuid, oldId));
        List<AttachmentRow> rows = new ArrayList<>();
        try (Connection target = Databases.openTarget(settings)) {
            for (var a : DSL.using(target, SQLDialect.POSTGRES).selectFrom(ATTACHMENTS).fetch()) {
                Long comment = oldComment.get(a.getId());
                if (comment == null) {
                    throw new MigratorException(MigratorException.TRANSLATOR, "attachment " + a.getId()
                            + " of the new database is not in the translator: the translator does not belong to this database");
                }
                rows.add(new AttachmentRow(a.getId(), comment, a.getRequestId(),
                        PaperclipPath.legacyPath(comment, a.getFilename()), a.getStorageKey(), a.getFilename(),
                        a.getContentType(), a.getByteSize()));
            }
            target.rollback();
        } catch (SQLException e) {
            throw MigratorException.configuration("cannot read attachments from the new database: " + e.getMessage());
        }
        rows.sort(Comparator.comparingLong(AttachmentRow::oldCommentId));
        return rows;
    }
}
