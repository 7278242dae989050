package io.github.nightlymigration.translate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * The upgrade from the MapDB translator of earlier versions: its translations written once as a
 * translator of the current format beside it and renamed over it (atomic, like any compaction);
 * the original is kept as {@code translator.db.mapdb}, for going back to an earlier version.
 */
final class MapDbConversion {
    private MapDbConversion() {}

    /** Converts {@code legacy}, the translator at {@code file}, and returns the converted file opened. */
    static StoredTranslations convert(Path file, StoredTranslations legacy) {
        try (legacy) {
            TreeSet<String> parts = new TreeSet<>();
            long[] high = new long[IdKind.values().length];
            Map<IdKind, Iterator<Entry>> entries = new EnumMap<>(IdKind.class);
            for (IdKind kind : IdKind.values()) {
                high[kind.ordinal()] = legacy.highWater(kind);
                entries.put(kind, legacy.entries(kind));
                if (kind.composite) legacy.entries(kind).forEachRemaining(e -> parts.add(e.part()));
            }
            Path kept = file.resolveSibling(file.getFileName() + ".mapdb");
            if (!Files.exists(kept)) { // the original, for going back to an earlier version
                Path part = kept.resolveSibling(kept.getFileName() + ".part");
                Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, kept, StandardCopyOption.ATOMIC_MOVE);
            }
            TranslatorFile.write(file, new TranslatorFile.Contents(entries, new ArrayList<>(parts), high, legacy.metadata()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not convert translator " + file + ": " + e.getMessage(), e);
        }
        return TranslatorFile.open(file);
    }
}
