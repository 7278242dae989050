package io.github.nightlymigration.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Writes small nbformat 4 notebooks for tests and reads executed ones back. */
final class TestNotebooks {
    private TestNotebooks() {
    }

    static JsonObject code(String source, String... tags) {
        JsonObject cell = new JsonObject();
        cell.addProperty("id", UUID.randomUUID().toString());
        cell.addProperty("cell_type", "code");
        cell.add("execution_count", null);
        JsonObject metadata = new JsonObject();
        if (tags.length > 0) {
            JsonArray tagArray = new JsonArray();
            for (String tag : tags) {
                tagArray.add(tag);
            }
            metadata.add("tags", tagArray);
        }
        cell.add("metadata", metadata);
        cell.add("outputs", new JsonArray());
        cell.addProperty("source", source);
        return cell;
    }

    static JsonObject markdown(String source) {
        JsonObject cell = new JsonObject();
        cell.addProperty("id", UUID.randomUUID().toString());
        cell.addProperty("cell_type", "markdown");
        cell.add("metadata", new JsonObject());
        cell.addProperty("source", source);
        return cell;
    }

    static Path write(Path path, JsonObject... cells) throws IOException {
        JsonObject notebook = new JsonObject();
        JsonArray cellArray = new JsonArray();
        for (JsonObject cell : cells) {
            cellArray.add(cell);
        }
        notebook.add("cells", cellArray);
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("name", "java");
        kernelspec.addProperty("display_name", "Java");
        kernelspec.addProperty("language", "java");
        JsonObject metadata = new JsonObject();
        metadata.add("kernelspec", kernelspec);
        notebook.add("metadata", metadata);
        notebook.addProperty("nbformat", 4);
        notebook.addProperty("nbformat_minor", 5);
        Files.writeString(path, notebook.toString());
        return path;
    }

    static List<JsonObject> cells(Path executed) throws IOException {
        List<JsonObject> cells = new ArrayList<>();
        JsonParser.parseString(Files.readString(executed)).getAsJsonObject().getAsJsonArray("cells")
                .forEach(cell -> cells.add(cell.getAsJsonObject()));
        return cells;
    }

    static List<JsonObject> outputs(JsonObject cell) {
        List<JsonObject> outputs = new ArrayList<>();
        cell.getAsJsonArray("outputs").forEach(output -> outputs.add(output.getAsJsonObject()));
        return outputs;
    }

    /** A multi-line field (text, source, data/...) as one string, whichever form it is stored in. */
    static String text(JsonObject object, String... path) {
        JsonObject at = object;
        for (int i = 0; i < path.length - 1; i++) {
            at = at.getAsJsonObject(path[i]);
        }
        return Notebook.text(at.get(path[path.length - 1]));
    }
}
