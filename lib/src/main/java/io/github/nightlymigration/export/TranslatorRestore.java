package io.github.nightlymigration.export;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.engine.RunLock;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Rebuilds the translator file from an ID export, after verifying the export's manifest; a
 * translator that is still there is kept aside as {@code translator.db.replaced-<time>}.
 */
public final class TranslatorRestore {
    private TranslatorRestore() {}

    /** @return the restored translator (already saved) */
    public static IdTranslator restore(Path exportDir, Path stateDir) {
        String[] required = java.util.Arrays.stream(IdKind.values()).map(IdCsv::fileName).toArray(String[]::new);
        ExportManifest manifest = ExportManifest.verify(exportDir, required);
        try (RunLock lock = RunLock.acquire(stateDir, "translator restore")) {
            Path file = MigrationRun.translatorFile(stateDir);
            try (IdTranslator ids = IdTranslator.replacing(file, IdentityFile.read(exportDir, manifest))) {
                for (IdKind kind : IdKind.values()) IdCsv.read(exportDir, kind, ids);
                if (Files.exists(file)) {
                    Files.move(file, file.resolveSibling(file.getFileName() + ".replaced-"
                            + Instant.now().toString().replace(':', '-')), StandardCopyOption.ATOMIC_MOVE);
                }
                ids.save();
                return ids;
            }
        } catch (IOException e) {
            throw new MigratorException(MigratorException.CONFIGURATION, "cannot replace the translator in " + stateDir + ": " + e, e);
        }
    }
}
