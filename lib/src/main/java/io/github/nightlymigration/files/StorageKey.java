package io.github.nightlymigration.files;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** Object keys of attachments in the new app's bucket: {@code requests/<request uuid>/<attachment uuid>/<safe name>}. */
public final class StorageKey {

    public static final String PREFIX = "requests/";
    /** S3's limit on key length, in bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 1024;

    private StorageKey() {
    }

    public static String of(UUID requestId, UUID attachmentId, String rawFileName) {
        return PREFIX + requestId + "/" + attachmentId + "/" + SafeFileName.of(rawFileName);
    }

    /**
     * Why a key read from an export must not be used, or empty when it is safe: it must start with
     * {@value #PREFIX}, have no empty, {@code .} or {@code ..} segment, no backslash or control character, and fit
     * S3's length limit. Keys made by {@link #of} always pass.
     */
    public static Optional<String> problem(String key) {
        if (!key.startsWith(PREFIX)) {
            return Optional.of("storage key does not start with " + PREFIX);
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return Optional.of("storage key is longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (key.indexOf('\\') >= 0 || key.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("storage key contains a backslash or a control character");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("storage key has an empty, '.' or '..' segment");
            }
        }
        return Optional.empty();
    }
}
