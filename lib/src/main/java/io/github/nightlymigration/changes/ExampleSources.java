package io.github.nightlymigration.changes;

import io.github.nightlymigration.changes.ChangeSet.Example;
import io.github.nightlymigration.changes.ChangeSet.TableChanges;
import io.github.nightlymigration.lineage.Lineage;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.TranslatorReader;
import io.github.nightlymigration.translate.TranslatorReader.Translation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names the old row each example comes from, by the lineage's reverse lookup in the published translator: one
 * scan per translator kind for all the examples of that kind. A row added tonight whose id the run has just handed
 * out is not in the published translator yet: its old row stays unnamed (a trace names it after the publish).
 */
public final class ExampleSources {
    private final Path translatorFile;

    public ExampleSources(Path translatorFile) {
        this.translatorFile = translatorFile;
    }

    Map<String, TableChanges> name(Map<String, TableChanges> tables) {
        Map<IdKind, Set<String>> wanted = new EnumMap<>(IdKind.class);
        tables.forEach((table, t) -> source(table).ifPresent(s -> t.examples().forEach(e ->
                wanted.computeIfAbsent(s.kind(), k -> new HashSet<>()).add(String.valueOf(e.key().get(s.idColumn()))))));
        if (wanted.isEmpty()) return tables;
        Map<IdKind, Map<String, List<Translation>>> found = new EnumMap<>(IdKind.class);
        try (TranslatorReader reader = TranslatorReader.open(translatorFile)) {
            if (reader == null) return tables;
            wanted.forEach((kind, ids) -> found.put(kind, reader.find(kind, ids)));
        }
        Map<String, TableChanges> out = new LinkedHashMap<>();
        tables.forEach((table, t) -> {
            Optional<Lineage.Source> source = source(table);
            if (source.isEmpty() || t.examples().isEmpty()) {
                out.put(table, t);
                return;
            }
            Lineage.Source s = source.get();
            List<Example> named = new ArrayList<>();
            for (Example e : t.examples()) {
                List<Translation> from = found.get(s.kind()).getOrDefault(String.valueOf(e.key().get(s.idColumn())), List.of());
                String oldRow = from.isEmpty() ? null : from.stream().map(x -> "old." + s.oldTable() + ":" + x.oldId()
                        + (s.part() == null ? "" : " (" + s.part() + " " + x.part() + ")")).collect(Collectors.joining(", "));
                named.add(new Example(e.change(), e.key(), oldRow, e.before(), e.after()));
            }
            out.put(table, t.withExamples(named));
        });
        return out;
    }

    private static Optional<Lineage.Source> source(String table) {
        return Lineage.sourceOf(table);
    }
}
