package io.github.nightlymigration.export;

import io.github.nightlymigration.MigratorException;
import java.nio.file.Path;
import java.util.List;

/**
 * An export directory that cannot be trusted: a file is missing, differs from its manifest, or is malformed.
 * Consumers must refuse to act on such an export; {@link #exitCode()} gives the process exit code for that.
 */
public final class ExportVerificationException extends MigratorException {

    /** EX_DATAERR from sysexits.h: the input data was incorrect. */
    public static final int EXIT_CODE = EXPORT_REFUSED;

    private final List<String> problems;

    /** @param problems one line each, naming the file and what is wrong with it */
    public ExportVerificationException(Path dir, List<String> problems) {
        super(EXIT_CODE, "Export " + dir + " refused: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public ExportVerificationException(String problem) {
        super(EXIT_CODE, problem);
        this.problems = List.of(problem);
    }

    public List<String> problems() {
        return problems;
    }
}
