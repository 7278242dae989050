package io.github.nightlymigration.demo;

import static io.github.nightlymigration.legacy.db.Tables.COMMENTS;

import io.github.nightlymigration.files.PaperclipPath;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.text.Normalizer;
import java.util.SplittableRandom;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The legacy app's attachment files for a generated database, in Paperclip's layout under a
 * files root, with what real trees have: some files missing (every 50th), and a few orphan files
 * that no comment references, and names in the other Unicode normalisation form than the database's (every third
 * file whose name has two forms, as a copy through a Mac leaves them: NFD on disk for an NFC name, and the other
 * way round). Names that cannot be files (path tricks) are not written.
 */
public final class PaperclipTreeWriter {
    /** What was written, for the demo's summary and the tests. */
    public record Result(int written, int missing, int unwritable, int orphans, long bytes, int otherNormalisation) {}

    private PaperclipTreeWriter() {}

    public static Result write(Connection legacy, Path filesRoot, long seed) throws IOException {
        int written = 0, missing = 0, unwritable = 0, orphans = 0, otherNormalisation = 0, maxId = 0;
        long bytes = 0;
        var rows = DSL.using(legacy, SQLDialect.POSTGRES)
                .select(COMMENTS.ID, COMMENTS.ATTACHMENT_FILE_NAME, COMMENTS.ATTACHMENT_FILE_SIZE).from(COMMENTS)
                .where(COMMENTS.ATTACHMENT_FILE_NAME.isNotNull()).orderBy(COMMENTS.ID).fetch();
        for (var row : rows) {
            int id = row.value1();
            maxId = Math.max(maxId, id);
            String name = row.value2();
            if (name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
                unwritable++;
            } else if (id % 50 == 0) {
                missing++;
            } else {
                int size = row.value3() == null ? 1024 : row.value3();
                String onDisk = id % 3 == 0 ? otherNormalisationForm(name) : name;
                bytes += file(filesRoot.resolve(PaperclipPath.legacyPath(id, onDisk)), size, seed ^ id);
                written++;
                if (!onDisk.equals(name)) otherNormalisation++;
            }
        }
        for (int i = 1; i <= 3; i++) {
            bytes += file(filesRoot.resolve(PaperclipPath.legacyPath(maxId + 1000L * i, "deleted-comment-" + i + ".png")),
                    2048, seed + i);
            orphans++;
        }
        return new Result(written, missing, unwritable, orphans, bytes, otherNormalisation);
    }

    /** NFD for a name in NFC, NFC otherwise; the same string when the name has only one form (ASCII). */
    private static String otherNormalisationForm(String name) {
        return Normalizer.normalize(name, Normalizer.isNormalized(name, Normalizer.Form.NFC)
                ? Normalizer.Form.NFD : Normalizer.Form.NFC);
    }

    private static long file(Path path, int size, long seed) throws IOException {
        Files.createDirectories(path.getParent());
        byte[] content = new byte[size];
        new SplittableRandom(seed).nextBytes(content);
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(content);
        }
        return size;
    }
}
