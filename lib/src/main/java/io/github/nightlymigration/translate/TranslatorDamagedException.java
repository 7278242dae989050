package io.github.nightlymigration.translate;

import io.github.nightlymigration.MigratorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;

/**
 * The translator file cannot be trusted, whether found when opening it or while merging it mid-run: either way the
 * run stops and publishes nothing, as going on without it would re-key every record.
 */
public final class TranslatorDamagedException extends MigratorException {
    public TranslatorDamagedException(Path file, String problem, Throwable cause) {
        super(TRANSLATOR, "translator " + file + " " + problem
                + "; the run stops and publishes nothing (going on without it would give every record a new id)."
                + " Restore it from the last ID export: scripts/jbang migrate --restore-translator <export dir>",
                cause);
    }

    /**
     * A read of the file that failed. An interrupt of the reading thread (the operator's Kernel > Interrupt) makes the
     * JDK close the channel: that says nothing about the file, and must not send the operator to restore it.
     */
    static RuntimeException ofRead(Path file, IOException e) {
        if (e instanceof ClosedByInterruptException) return new UncheckedIOException("reading " + file + " was interrupted", e);
        return new TranslatorDamagedException(file, "cannot be read (" + e.getMessage() + ")", e);
    }
}
