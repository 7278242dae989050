package io.github.nightlymigration.export;

import io.github.nightlymigration.translate.TranslatorIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The exported translator's identity ({@code translator-identity.csv}), so a translator restored from the
 * export is recognised by the new database it was published with. Exports made before it have none.
 */
final class IdentityFile {
    static final String FILE_NAME = "translator-identity.csv";
    private static final String HEADER = "installation,generation";

    private IdentityFile() {}

    /** False when the translator has no identity yet (nothing written). */
    static boolean write(Path dir, TranslatorIdentity identity) throws IOException {
        if (identity == null) return false;
        AtomicFiles.writeString(dir.resolve(FILE_NAME), HEADER + "\n" + identity.installation() + "," + identity.generation() + "\n");
        return true;
    }

    /** Null when the export has none. */
    static TranslatorIdentity read(Path dir, ExportManifest manifest) throws IOException {
        if (manifest.entry(FILE_NAME).isEmpty()) return null;
        List<String> lines = Files.readAllLines(dir.resolve(FILE_NAME));
        String[] v = lines.get(1).split(",");
        return new TranslatorIdentity(UUID.fromString(v[0].trim()), Long.parseLong(v[1].trim()));
    }
}
