package io.github.nightlymigration.translate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The published translator opened read-only, for lineage questions asked while nightly runs come
 * and go: it takes no lock and never writes (a MapDB file of an earlier version is read as it is;
 * the next run converts it). What this reads is one complete translator, the one committed when
 * it was opened: a save appends past that point or renames a new file over it.
 */
public final class TranslatorReader implements AutoCloseable {
    /** One translation: {@code part} is null for simple kinds; {@code uuid} is set for uuid kinds, else {@code bigint}. */
    public record Translation(IdKind kind, long oldId, String part, long bigint, UUID uuid) {
        /** The new id as the new database shows it. */
        public String newId() {
            return uuid != null ? uuid.toString() : Long.toString(bigint);
        }
    }

    private final StoredTranslations reader;

    private TranslatorReader(StoredTranslations reader) {
        this.reader = reader;
    }

    /** Null when no run has published a translator yet; damage is thrown as {@link TranslatorDamagedException}. */
    public static TranslatorReader open(Path file) {
        StoredTranslations reader = TranslatorFile.open(file);
        return reader == null ? null : new TranslatorReader(reader);
    }

    /** What this old id became in a kind (several parts for composite kinds). */
    public List<Translation> of(IdKind kind, long oldId) {
        return reader.entriesOf(kind, oldId).stream().map(e -> translation(kind, e)).toList();
    }

    /**
     * The old keys a new id came from: a scan of the kind (the file is keyed by old id), a few seconds
     * for millions of entries. Several keys for a user merged from case-different emails.
     */
    public List<Translation> find(IdKind kind, String newId) {
        return find(kind, Set.of(newId)).getOrDefault(newId, List.of());
    }

    /** The old keys of several new ids of a kind, in one scan; an id the translator does not know is left out. */
    public Map<String, List<Translation>> find(IdKind kind, Set<String> newIds) {
        Map<String, List<Translation>> found = new HashMap<>();
        for (Iterator<Entry> it = reader.entries(kind); it.hasNext(); ) {
            Entry e = it.next();
            String id = e.uuid() != null ? e.uuid().toString() : Long.toString(e.bigint());
            if (newIds.contains(id)) found.computeIfAbsent(id, k -> new ArrayList<>()).add(translation(kind, e));
        }
        return found;
    }

    private static Translation translation(IdKind kind, Entry e) {
        return new Translation(kind, e.oldId(), e.part(), e.bigint(), e.uuid());
    }

    @Override
    public void close() {
        reader.close();
    }
}
