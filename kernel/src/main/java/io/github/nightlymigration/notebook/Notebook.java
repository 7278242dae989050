package io.github.nightlymigration.notebook;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * An nbformat 4 notebook as JSON, edited in place so that everything the runner does not touch
 * (metadata, markdown, attachments) is written back unchanged.
 */
public final class Notebook {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    private final JsonObject json;

    private Notebook(JsonObject json) {
        this.json = json;
    }

    public static Notebook read(Path path) throws IOException {
        JsonObject json;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            json = JsonParser.parseReader(reader).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(path + " is not a notebook (not a JSON object): " + e.getMessage(), e);
        }
        if (!json.has("nbformat") || json.get("nbformat").getAsInt() != 4 || !json.has("cells")) {
            throw new IOException(path + " is not an nbformat 4 notebook");
        }
        return new Notebook(json);
    }

    public List<JsonObject> cells() {
        List<JsonObject> cells = new ArrayList<>();
        json.getAsJsonArray("cells").forEach(cell -> cells.add(cell.getAsJsonObject()));
        return cells;
    }

    public void insertCell(int index, JsonObject cell) {
        JsonArray old = json.getAsJsonArray("cells");
        JsonArray cells = new JsonArray();
        for (int i = 0; i < old.size(); i++) {
            if (i == index) {
                cells.add(cell);
            }
            cells.add(old.get(i));
        }
        if (index >= old.size()) {
            cells.add(cell);
        }
        json.add("cells", cells);
    }

    public JsonObject metadata() {
        if (!json.has("metadata")) {
            json.add("metadata", new JsonObject());
        }
        return json.getAsJsonObject("metadata");
    }

    /** Writes to a temporary file and renames it, so a reader never sees half a notebook. */
    public void write(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            GSON.toJson(json, writer);
            writer.write("\n");
        }
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static boolean isCode(JsonObject cell) {
        return "code".equals(cell.get("cell_type").getAsString());
    }

    /** nbformat allows a source (or text) as one string or as a list of lines. */
    static String text(JsonElement multiline) {
        if (multiline == null || multiline.isJsonNull()) {
            return "";
        }
        if (multiline.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            multiline.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
            return text.toString();
        }
        return multiline.getAsString();
    }

    static boolean hasTag(JsonObject cell, String tag) {
        JsonObject metadata = cell.getAsJsonObject("metadata");
        if (metadata == null || !metadata.has("tags")) {
            return false;
        }
        for (JsonElement t : metadata.getAsJsonArray("tags")) {
            if (tag.equals(t.getAsString())) {
                return true;
            }
        }
        return false;
    }

    /** Lines with their line ends, the way Jupyter itself stores multi-line strings. */
    static JsonArray lines(String text) {
        JsonArray lines = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** A new code cell; the tag doubles as its id (nbformat 4.5 wants one, unique in the notebook). */
    static JsonObject codeCell(String source, String tag) {
        JsonObject cell = new JsonObject();
        cell.addProperty("id", tag);
        cell.addProperty("cell_type", "code");
        cell.add("execution_count", null);
        JsonObject metadata = new JsonObject();
        JsonArray tags = new JsonArray();
        tags.add(tag);
        metadata.add("tags", tags);
        cell.add("metadata", metadata);
        cell.add("outputs", new JsonArray());
        cell.add("source", lines(source));
        return cell;
    }

    static JsonObject streamOutput(String name, String text) {
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "stream");
        output.addProperty("name", name);
        output.add("text", lines(text));
        return output;
    }

    static JsonObject displayOutput(MimeBundle bundle) {
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "display_data");
        output.add("data", data(bundle));
        output.add("metadata", new JsonObject());
        return output;
    }

    static JsonObject executeResult(int executionCount, MimeBundle bundle) {
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "execute_result");
        output.addProperty("execution_count", executionCount);
        output.add("data", data(bundle));
        output.add("metadata", new JsonObject());
        return output;
    }

    static JsonObject errorOutput(CellError error) {
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "error");
        output.addProperty("ename", error.ename());
        output.addProperty("evalue", error.evalue());
        JsonArray traceback = new JsonArray();
        error.traceback().forEach(traceback::add);
        output.add("traceback", traceback);
        return output;
    }

    static JsonObject data(MimeBundle bundle) {
        JsonObject data = new JsonObject();
        bundle.data().forEach((mime, content) -> data.add(mime, lines(content)));
        return data;
    }
}
