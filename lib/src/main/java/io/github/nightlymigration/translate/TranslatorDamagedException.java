package io.github.nightlymigration.translate;

import io.github.nightlymigration.MigratorException;
import java.nio.file.Path;

/** The translator file cannot be trusted; starting empty would re-key every record. */
public final class TranslatorDamagedException extends MigratorException {
    public TranslatorDamagedException(Path file, String problem, Throwable cause) {
        super(TRANSLATOR, "translator " + file + " " + problem
                + "; refusing to start with an empty translator (that would give every record a new id)."
                + " Restore it from the last ID export: scripts/jbang migrate --restore-translator <export dir>",
                cause);
    }
}
