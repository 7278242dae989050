package io.github.nightlymigration.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Paperclip's default layout of attachment files under the legacy app's root, and safe resolution of a
 * {@code legacy_path} from an export against that root.
 */
public final class PaperclipPath {

    /** Directory, relative to the files root, that holds every comment attachment. */
    public static final String ATTACHMENTS_DIR = "public/system/comments/attachments/";

    private PaperclipPath() {
    }

    /**
     * Comment 42 -> {@code 000/000/042}; comment 1234567 -> {@code 001/234/567}. Exactly Paperclip's
     * {@code ("%09d" % id).scan(/\d{3}/).join("/")}, also outside 0..999,999,999: whole groups of three digits
     * only, so 1234567890 -> {@code 123/456/789} (its last digit dropped, as Paperclip drops it), and the sign of a
     * negative id is skipped: -5 -> {@code 000/000}.
     */
    public static String idPartition(long commentId) {
        Matcher groups = THREE_DIGITS.matcher(String.format("%09d", commentId));
        StringJoiner path = new StringJoiner("/");
        while (groups.find()) path.add(groups.group());
        return path.toString();
    }

    private static final Pattern THREE_DIGITS = Pattern.compile("\\d{3}");

    /** {@code public/system/comments/attachments/<id_partition>/original/<file name>}, relative to the files root. */
    public static String legacyPath(long commentId, String attachmentFileName) {
        return ATTACHMENTS_DIR + idPartition(commentId) + "/original/" + attachmentFileName;
    }

    /**
     * The ways a legacy path may be spelled on disk, in the order they are tried: as written, then in Unicode NFC,
     * then NFD. Linux stores names as bytes, so {@code café} typed on Linux (NFC) and the same name after a copy
     * through a Mac (NFD: {@code e} plus a combining accent) are different files to it, yet the same name to a
     * person and to the database row that refers to it.
     */
    public static List<String> spellings(String legacyPath) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(legacyPath);
        forms.add(Normalizer.normalize(legacyPath, Normalizer.Form.NFC));
        forms.add(Normalizer.normalize(legacyPath, Normalizer.Form.NFD));
        return List.copyOf(forms);
    }

    /** "NFC", "NFD", or "mixed" (neither), for a report line. */
    public static String normalisationForm(String name) {
        if (Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            return "NFC";
        }
        return Normalizer.isNormalized(name, Normalizer.Form.NFD) ? "NFD" : "mixed";
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
         * @throws UnsafePathException as {@link #resolve} for these reasons, and when the path cannot be a file name
         *                             in this JVM's file-name charset (see {@link FileNameEncoding})
         */
        public String relativePart(String legacyPath) throws UnsafePathException {
            if (legacyPath.indexOf('\0') >= 0) {
                throw new UnsafePathException("contains a NUL byte");
            }
            if (legacyPath.startsWith("/") || asPath(legacyPath).isAbsolute()) {
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

        /**
         * {@link #resolve}, trying each of {@link #spellings} until one exists.
         *
         * @return the file and the legacy path it was found under (another spelling than the one asked for when the
         *     names differ only in their Unicode normalisation form)
         * @throws NoSuchFileException no spelling names a regular file
         */
        public Found resolveAnySpelling(String legacyPath) throws IOException {
            NoSuchFileException notFound = null;
            for (String spelling : spellings(legacyPath)) {
                try {
                    return new Found(resolve(spelling), spelling);
                } catch (NoSuchFileException e) {
                    if (notFound == null) {
                        notFound = e;
                    }
                }
            }
            throw notFound;
        }

        /** A name the file-name charset cannot encode is refused like any unusable path: for that one file. */
        private static Path asPath(String legacyPath) throws UnsafePathException {
            try {
                return Path.of(legacyPath);
            } catch (InvalidPathException e) {
                throw new UnsafePathException("cannot be a file name here (" + e.getReason() + ")"
                        + FileNameEncoding.problem().map(p -> ": " + p).orElse(""));
            }
        }
    }

    /** A file found on disk, and the spelling of its legacy path that found it. */
    public record Found(Path file, String legacyPath) {
    }

    /** A legacy path that must not be read; the message says why, never echoing more than the path itself. */
    public static final class UnsafePathException extends IOException {
        public UnsafePathException(String reason) {
            super(reason);
        }
    }
}
