package io.github.nightlymigration.files;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The charset this JVM turns file names into bytes with ({@code sun.jnu.encoding}). The JVM takes it from the C
 * library's locale when it starts and, on JDK 17, ignores {@code -Dsun.jnu.encoding}; under cron (no LANG, no
 * LC_*) it is ANSI_X3.4-1968, in which {@code café menu.pdf} has no name at all. {@code scripts/jbang} therefore
 * starts the JVM under a UTF-8 locale (scripts/lib/utf8-locale.sh); this class is how the code notices when
 * something else started it.
 */
public final class FileNameEncoding {

    private FileNameEncoding() {
    }

    /** The name of the file-name charset, as the JVM reports it (e.g. {@code UTF-8}, {@code ANSI_X3.4-1968}). */
    public static String name() {
        return System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
    }

    public static boolean isUtf8() {
        try {
            return Charset.forName(name()).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Why names outside ASCII may be unreadable here, and what to do; empty when file names are UTF-8. */
    public static Optional<String> problem() {
        if (isUtf8()) {
            return Optional.empty();
        }
        return Optional.of("this JVM encodes file names as " + name() + " (sun.jnu.encoding, taken from the locale:"
                + " LANG/LC_ALL unset or not UTF-8, as under cron); start it under a UTF-8 locale, e.g."
                + " LC_ALL=C.UTF-8, which scripts/jbang sets itself");
    }
}
