package io.github.nightlymigration.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Turns a raw legacy attachment file name into the last segment of a storage key.
 *
 * <p>The result is deterministic, never empty, never {@code .} or {@code ..}, and made only of Unicode letters,
 * marks and digits plus {@code . - _ ( ) +}; every other character (slashes, backslashes, control and format
 * characters, spaces, quotes, URL-special characters) becomes {@code _}, with runs collapsed. It is NFC-normalised
 * (the same name typed on macOS and Linux gives the same key) and at most {@value #MAX_BYTES} bytes of UTF-8,
 * shortened in its stem so the extension survives. The limit is below the usual 255-byte file name limit because
 * S3-compatible servers backed by a filesystem (s3proxy, MinIO) store a key's last segment as a file name and
 * add suffixes to it for temporary files: s3proxy answers HTTP 500 for a 250-byte segment.
 */
public final class SafeFileName {

    public static final int MAX_BYTES = 200;
    private static final int MAX_EXTENSION_BYTES = 16;
    private static final String FALLBACK = "file";

    private SafeFileName() {
    }

    public static String of(String raw) {
        String name = raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            char last = out.length() == 0 ? 0 : out.charAt(out.length() - 1);
            if (isKept(cp)) {
                if (cp == '.' && last == '.') {
                    return; // ".." never appears, even inside a name
                }
                out.appendCodePoint(cp);
            } else if (last != '_') {
                out.append('_');
            }
        });
        String safe = trim(out.toString());
        if (safe.isEmpty()) {
            safe = FALLBACK;
        }
        return shorten(safe);
    }

    private static boolean isKept(int cp) {
        if (cp == '.' || cp == '-' || cp == '_' || cp == '(' || cp == ')' || cp == '+') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /** Leading dots would hide the file on disk; leading/trailing '_' and trailing dots are noise. */
    private static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == '.' || s.charAt(start) == '_')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '_')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** ".pdf" for "report.pdf", "" when there is no short extension. */
    private static String extensionOf(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return "";
        }
        String ext = name.substring(dot);
        return utf8Length(ext) <= MAX_EXTENSION_BYTES ? ext : "";
    }

    private static String shorten(String name) {
        if (utf8Length(name) <= MAX_BYTES) {
            return name;
        }
        String ext = extensionOf(name);
        String stem = name.substring(0, name.length() - ext.length());
        int budget = MAX_BYTES - utf8Length(ext);
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int bytes = utf8Length(new String(Character.toChars(cp)));
            if (used + bytes > budget) {
                break;
            }
            kept.appendCodePoint(cp);
            used += bytes;
            i += Character.charCount(cp);
        }
        return trim(kept.toString()) + ext;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
