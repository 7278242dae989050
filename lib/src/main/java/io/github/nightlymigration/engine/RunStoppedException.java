package io.github.nightlymigration.engine;

import io.github.nightlymigration.MigratorException;

/**
 * The operator stopped the run (Jupyter's Kernel > Interrupt interrupts the cell's thread). Thrown out of the run
 * once tonight's tables are abandoned and the lock released, so its message is what the cell shows.
 */
public final class RunStoppedException extends MigratorException {
    public static final String MESSAGE = "stopped by the operator: nothing was published, the new database is as the"
            + " last night left it, lock released";

    RunStoppedException() {
        super(RUN_FAILED, MESSAGE);
    }
}
