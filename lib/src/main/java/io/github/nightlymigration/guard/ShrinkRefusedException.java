package io.github.nightlymigration.guard;

import io.github.nightlymigration.MigratorException;

/** The run would shrink a table beyond its limit; nothing was published (exit code 4). */
public final class ShrinkRefusedException extends MigratorException {
    public ShrinkRefusedException(String message) {
        super(SHRINK_REFUSED, message);
    }
}
