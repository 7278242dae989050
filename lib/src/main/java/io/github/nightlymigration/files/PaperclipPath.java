package io.github.nightlymigration.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Paperclip's default layout of attachment files under the legacy app's root, and safe resolution of a
 * {@code legacy_path} from an export against that root.
 */
public final class PaperclipPath {

    /** Directory, relative to the files root, that holds every comment attachment. */
    public static final String ATTACHMENTS_DIR = "public/system/comments/attachments/";

    private PaperclipPath() {
    }

    /** Comment 42 -> {@code 000/000/042}; comment 1234567 -> {@code 001/234/567}. */
    public static String idPartition(long commentId) {
        if (commentId < 0 || commentId > 999_999_999L) {
            throw new IllegalArgumentException("comment id " + commentId + " does not fit Paperclip's 9-digit partition");
        }
        String digits = String.format("%09d", commentId);
        return digits.substring(0, 3) + "/" + digits.substring(3, 6) + "/" + digits.substring(6);
    }

    /** {@code public/system/comments/attachments/<id_partition>/original/<file name>}, relative to the files root. */
    public static String legacyPath(long commentId, String attachmentFileName) {
        return ATTACHMENTS_DIR + idPartition(commentId) + "/original/" + attachmentFileName;
    }

    /**
     * Resolves a legacy path against the files root so that nothing outside the root is ever read.
     *
     * @param realRoot the files root as returned by {@link Path#toRealPath}
     * @return the real path of an existing regular file inside the root
     * @throws UnsafePathException   the path is absolute, has NUL, empty, '.' or '..' segments, lies outside
     *                               {@value #ATTACHMENTS_DIR}, or a symlink on the way points outside the root
     * @throws NoSuchFileException   the file is missing (or is not a regular file)
     */
    public static Path resolve(Path realRoot, String legacyPath) throws IOException {
        if (legacyPath.indexOf('\0') >= 0) {
            throw new UnsafePathException("contains a NUL byte");
        }
        if (legacyPath.startsWith("/") || Path.of(legacyPath).isAbsolute()) {
            throw new UnsafePathException("is absolute");
        }
        for (String segment : legacyPath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new UnsafePathException("has an empty, '.' or '..' segment");
            }
        }
        if (!legacyPath.startsWith(ATTACHMENTS_DIR)) {
            throw new UnsafePathException("is not under " + ATTACHMENTS_DIR);
        }
        Path candidate = realRoot.resolve(legacyPath);
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(legacyPath);
        }
        // Symlinks are followed only to find out where they lead; anything leading out of the root is refused.
        Path real = candidate.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new UnsafePathException("is a symlink (or passes one) that points outside the files root");
        }
        if (!Files.isRegularFile(real)) {
            throw new NoSuchFileException(legacyPath, null, "not a regular file");
        }
        return real;
    }

    /** A legacy path that must not be read; the message says why, never echoing more than the path itself. */
    public static final class UnsafePathException extends IOException {
        public UnsafePathException(String reason) {
            super(reason);
        }
    }
}
