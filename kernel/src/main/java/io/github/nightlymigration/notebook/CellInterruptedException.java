package io.github.nightlymigration.notebook;

/** The cell was stopped by an interrupt (Jupyter's interrupt button, or the runner being told to stop). */
public final class CellInterruptedException extends Exception {
    public CellInterruptedException() {
        super("the cell was interrupted");
    }
}
