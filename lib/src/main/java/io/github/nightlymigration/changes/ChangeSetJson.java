package io.github.nightlymigration.changes;

import io.github.nightlymigration.changes.ChangeSet.Example;
import io.github.nightlymigration.changes.ChangeSet.TableChanges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * changes.json in the run folder: {@code {"compared_with": ..., "tables": {"<new table>": {"added", "removed",
 * "changed", "unchanged", "by_new_app", "columns": {...}, "examples": [...]}}}}, plus why nothing was compared ({@code note}) and
 * the change guard's verdict ({@code over_limit}, {@code accepted_by}).
 */
public final class ChangeSetJson {
    public static final String FILE = "changes.json";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

    private ChangeSetJson() {}

    public static void write(ChangeSet changes, Path runFolder) {
        Path file = runFolder.resolve(FILE);
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), toMap(changes));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The change set a run folder holds, if its run got as far as comparing. */
    public static java.util.Optional<ChangeSet> read(Path runFolder) {
        Path file = runFolder.resolve(FILE);
        if (!Files.exists(file)) return java.util.Optional.empty();
        JsonNode root = JSON.readTree(file.toFile());
        Map<String, TableChanges> tables = new LinkedHashMap<>();
        root.path("tables").properties().forEach(e -> {
            JsonNode t = e.getValue();
            Map<String, Long> columns = new LinkedHashMap<>();
            t.path("columns").properties().forEach(c -> columns.put(c.getKey(), c.getValue().asLong()));
            List<Example> examples = new ArrayList<>();
            t.path("examples").forEach(x -> examples.add(new Example(x.path("change").asString(), object(x.path("key")),
                    text(x.path("old_row")), object(x.path("before")), object(x.path("after")))));
            tables.put(e.getKey(), new TableChanges(t.path("added").asLong(), t.path("removed").asLong(),
                    t.path("changed").asLong(), t.path("unchanged").asLong(), t.path("by_new_app").asLong(), columns,
                    examples));
        });
        List<String> overLimit = new ArrayList<>();
        root.path("over_limit").forEach(n -> overLimit.add(n.asString()));
        return java.util.Optional.of(new ChangeSet(text(root.path("compared_with")), text(root.path("note")), tables,
                overLimit, text(root.path("accepted_by"))));
    }

    static Map<String, Object> toMap(ChangeSet c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("compared_with", c.comparedWith());
        root.put("compared", c.wasCompared());
        root.put("note", c.note());
        root.put("changed_rows", c.changedRows());
        root.put("over_limit", c.overLimit());
        root.put("accepted_by", c.acceptedBy());
        Map<String, Object> tables = new LinkedHashMap<>();
        c.tables().forEach((name, t) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("added", t.added());
            m.put("removed", t.removed());
            m.put("changed", t.changed());
            m.put("unchanged", t.unchanged());
            m.put("by_new_app", t.byNewApp());
            m.put("columns", t.columns());
            List<Map<String, Object>> examples = new ArrayList<>();
            for (Example e : t.examples()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("change", e.change());
                x.put("key", e.key());
                x.put("old_row", e.oldRow());
                x.put("before", e.before());
                x.put("after", e.after());
                examples.add(x);
            }
            m.put("examples", examples);
            tables.put(name, m);
        });
        root.put("tables", tables);
        return root;
    }

    private static Map<String, Object> object(JsonNode node) {
        return node.isObject() ? JSON.treeToValue(node, OBJECT) : null;
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : node.asString();
    }
}
