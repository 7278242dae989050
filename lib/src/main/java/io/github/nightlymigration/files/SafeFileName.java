package io.github.nightlymigration.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The file-name segment of a storage key, from a raw legacy file name: never a path (no '/',
 * '\\', '.' or '..' segments), no control characters, at most 255 UTF-8 bytes with the
 * extension kept; unicode letters stay. Deterministic: the same name always gives the same key.
 */
public final class SafeFileName {
    static final int MAX_BYTES = 255;

    private SafeFileName() {}

    public static String of(String raw) {
        String name = Normalizer.normalize(raw == null ? "" : raw, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> out.appendCodePoint(
                c == '/' || c == '\\' || Character.isISOControl(c) || c == 0x7f ? '_' : c));
        String safe = out.toString().strip();
        while (safe.startsWith(".")) safe = safe.substring(1);
        if (safe.isEmpty()) safe = "file";
        return truncate(safe);
    }

    private static String truncate(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) return name;
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String stem = name.substring(0, name.length() - ext.length());
        int budget = MAX_BYTES - ext.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < stem.length(); ) {
            int c = stem.codePointAt(i);
            int len = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > budget) break;
            kept.appendCodePoint(c);
            bytes += len;
            i += Character.charCount(c);
        }
        return kept + ext;
    }
}
