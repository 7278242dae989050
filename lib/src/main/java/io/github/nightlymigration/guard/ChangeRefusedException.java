package io.github.nightlymigration.guard;

/** The run would change more of a table's rows than its limit; nothing was published (exit code 4). */
public final class ChangeRefusedException extends PublishRefusedException {
    public ChangeRefusedException(String message) {
        super(message);
    }
}
