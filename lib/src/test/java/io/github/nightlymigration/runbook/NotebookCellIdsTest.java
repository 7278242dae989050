package io.github.nightlymigration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every committed notebook cell has an id, unique in its notebook (nbformat 4.5 warns on every open otherwise). */
class NotebookCellIdsTest {
    @Test
    void everyCellOfEveryNotebookHasAUniqueId() throws Exception {
        Path notebooks = Path.of("..", "notebooks");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.list(notebooks)) {
            for (Path notebook : files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                JsonNode nb = JsonMapper.builder().build().readTree(notebook.toFile());
                Set<String> ids = new HashSet<>();
                int index = 0;
                for (JsonNode cell : nb.path("cells")) {
                    String id = cell.path("id").asString("");
                    if (id.isEmpty() || !ids.add(id)) missing.add(notebook.getFileName() + " cell " + index + " (id '" + id + "')");
                    index++;
                    checked++;
                }
            }
        }
        assertFalse(checked == 0, "no notebook cells found under " + notebooks.toAbsolutePath());
        assertEquals(List.of(), missing, "cells without a unique id");
    }
}
