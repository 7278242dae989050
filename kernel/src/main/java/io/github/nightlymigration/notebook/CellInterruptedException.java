package io.github.nightlymigration.notebook;

/**
 * The cell was stopped by an interrupt (Jupyter's interrupt button, or the runner being told to stop). Shown as its
 * message alone, with no stack trace: the frames would be the kernel's, and the operator wants what happened.
 */
public final class CellInterruptedException extends Exception {
    static final String STOPPED = "stopped by the operator (Kernel > Interrupt)";

    /** @param said what the cell's code said as it stopped (its exception's message), or null */
    CellInterruptedException(Throwable said) {
        super(said instanceof RuntimeException && said.getMessage() != null ? firstLine(said.getMessage()) : STOPPED,
                null, false, false);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
