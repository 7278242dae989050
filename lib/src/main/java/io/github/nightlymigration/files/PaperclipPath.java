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
     * The attachments directory of a files root, resolved once to its real path. Symlinks in the fixed part
     * ({@code public/system} is a symlink to a shared directory in Capistrano deployments) are the operator's
     * layout and are followed; below it, where names come from uploads, nothing may lead outside.
     */
    public static final class Root {
        private final Path attachmentsDir;

        private Root(Path attachmentsDir) {
            this.attachmentsDir = attachmentsDir;
        }

        /** @throws IOException the files root itself does not exist */
        public static Root of(Path filesRoot) throws IOException {
            Path realRoot = filesRoot.toRealPath();
            Path dir = realRoot.resolve(ATTACHMENTS_DIR);
            return new Root(Files.exists(dir) ? dir.toRealPath() : dir);
        }

        /** Real path of {@value #ATTACHMENTS_DIR} (it may not exist: then every file is missing). */
        public Path attachmentsDir() {
            return attachmentsDir;
        }

        /** The legacy path of a file found under {@link #attachmentsDir()}. */
        public String legacyPathOf(Path file) {
            return ATTACHMENTS_DIR + attachmentsDir.relativize(file);
        }

        /**
         * Resolves a legacy path so that nothing outside the attachments directory is ever read.
         *
         * @return the real path of an existing regular file inside the attachments directory
         * @throws UnsafePathException   the path is absolute, has NUL, empty, '.' or '..' segments, lies outside
         *                               {@value #ATTACHMENTS_DIR}, or a symlink on the way points outside it
         * @throws NoSuchFileException   the file is missing (or is not a regular file)
         */
        public Path resolve(String legacyPath) throws IOException {
            Path candidate = attachmentsDir.resolve(relativePart(legacyPath));
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(legacyPath);
            }
            // Symlinks are followed only to find out where they lead; anything leading out is refused.
            Path real = candidate.toRealPath();
            if (!real.startsWith(attachmentsDir)) {
                throw new UnsafePathException("is a symlink (or passes one) that points outside " + ATTACHMENTS_DIR);
            }
            if (!Files.isRegularFile(real)) {
                throw new NoSuchFileException(legacyPath, null, "not a regular file");
            }
            return real;
        }

        /**
         * The checks of {@link #resolve} that need no file system: a legacy path that passes them names something
         * inside the attachments directory, unless a symlink on the way leads elsewhere.
         *
         * @return the part of the legacy path below {@value #ATTACHMENTS_DIR}
         * @throws UnsafePathException as {@link #resolve} for these reasons
         */
        public String relativePart(String legacyPath) throws UnsafePathException {
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
            return legacyPath.substring(ATTACHMENTS_DIR.length());
        }
    }

    /** A legacy path that must not be read; the message says why, never echoing more than the path itself. */
    public static final class UnsafePathException extends IOException {
        public UnsafePathException(String reason) {
            super(reason);
        }
    }
}
