package io.github.nightlymigration.notebook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One rendering of a value: MIME type to content, text/plain always first. */
public final class MimeBundle {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";

    private final Map<String, String> data = new LinkedHashMap<>();

    public MimeBundle(String plainText) {
        data.put(TEXT, plainText);
    }

    public MimeBundle with(String mimeType, String content) {
        data.put(mimeType, content);
        return this;
    }

    public String text() {
        return data.get(TEXT);
    }

    public Map<String, String> data() {
        return Collections.unmodifiableMap(data);
    }
}
