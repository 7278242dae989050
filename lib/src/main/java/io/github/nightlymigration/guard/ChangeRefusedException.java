package io.github.nightlymigration.guard;

import io.github.nightlymigration.MigratorException;

/** The run would change more of a table's rows than its limit; nothing was published (exit code 4). */
public final class ChangeRefusedException extends MigratorException {
    public ChangeRefusedException(String message) {
        super(SHRINK_REFUSED, message);
    }
}
