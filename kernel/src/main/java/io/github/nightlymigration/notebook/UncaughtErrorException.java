package io.github.nightlymigration.notebook;

/**
 * Carries an {@link Error} a cell threw (AssertionError, OutOfMemoryError, ...) through APIs that only
 * accept {@link Exception}s; its message names the error so the cell's report still shows it.
 */
public final class UncaughtErrorException extends Exception {
    public UncaughtErrorException(Error error) {
        super(error.toString(), error);
    }
}
