package io.github.nightlymigration.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nightlymigration.notebook.Notebook;
import io.github.nightlymigration.notebook.NotebookRunner;
import java.io.IOException;

/** Why a headless notebook failed, read back from the executed notebook's error output: the cell's exception message. */
final class FailedCell {
    private FailedCell() {}

    /** The failing cell's error message (its exception class when it has none), or null when the record says nothing. */
    static String reason(NotebookRunner.RunResult result) {
        if (result.failedCell() < 0) return null;
        try {
            JsonObject cell = Notebook.read(result.executedNotebook()).cells().get(result.failedCell());
            for (JsonElement output : cell.getAsJsonArray("outputs")) {
                JsonObject o = output.getAsJsonObject();
                if ("error".equals(o.get("output_type").getAsString())) {
                    String value = o.has("evalue") ? o.get("evalue").getAsString() : "";
                    return value.isBlank() || value.equals("null") ? o.get("ename").getAsString() : value;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null; // the log has the error; the outcome line then says so
        }
        return null;
    }
}
