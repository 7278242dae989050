package io.github.nightlymigration.translate;

import io.github.nightlymigration.translate.TranslatorFile.Entry;
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
 * and go: it takes no lock and never writes. The file is only ever replaced by an atomic rename, so
 * what this reads is one complete translator, the one published when it was opened.
 */
public final class TranslatorReader implements AutoCloseable {
    /** One translation: {@code part} is null for simple kinds; {@code uuid} is set for uuid kinds, else {@code bigint}. */
    public record Translation(IdKind kind, long oldId, String part, long bigint, UUID uuid) {
        /** The new id as the new database shows it. */
        public String newId() {
            return uuid != null ? uuid.toString() : Long.toString(bigint);
        }
    }

    private final TranslatorFile.Reader reader;

    private TranslatorReader(TranslatorFile.Reader reader) {
        this.reader = reader;
    }

    /** Null when no run has published a translator yet; damage is thrown as {@link TranslatorDamagedException}. */
    public static TranslatorReader open(Path file) {
        TranslatorFile.Reader reader = TranslatorFile.Reader.open(file);
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
