package io.github.nightlymigration.notebook;

/** A cell that does not compile; the line is counted within the cell, from 1. */
public final class CellCompileException extends Exception {
    private final int cellLine;
    private final String compilerMessage;
    private final String sourceLine;

    public CellCompileException(int cellLine, String compilerMessage, String sourceLine) {
        super("line " + cellLine + ": " + compilerMessage);
        this.cellLine = cellLine;
        this.compilerMessage = compilerMessage;
        this.sourceLine = sourceLine;
    }

    public String compilerMessage() {
        return compilerMessage;
    }

    public int cellLine() {
        return cellLine;
    }

    /** The offending line of the cell, to show under the message. */
    public String sourceLine() {
        return sourceLine;
    }
}
