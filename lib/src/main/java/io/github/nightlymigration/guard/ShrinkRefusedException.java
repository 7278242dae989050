package io.github.nightlymigration.guard;

/** The run would shrink a table beyond its limit; nothing was published (exit code 4). */
public final class ShrinkRefusedException extends PublishRefusedException {
    public ShrinkRefusedException(String message) {
        super(message);
    }
}
