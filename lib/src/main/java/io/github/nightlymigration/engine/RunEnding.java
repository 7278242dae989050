package io.github.nightlymigration.engine;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.guard.ShrinkRefusedException;

/** How a run that threw ended, in the words the board, the report and the run history use. */
final class RunEnding {
    /** The report's reason for a stopped run. */
    static final String INTERRUPTED = "interrupted";

    private RunEnding() {}

    static Progress.Ending of(Throwable e) {
        if (e instanceof RunStoppedException || isThreadStop(e)) return Progress.Ending.STOPPED;
        if (e instanceof ShrinkRefusedException) return Progress.Ending.REFUSED;
        return Progress.Ending.FAILED;
    }

    static String message(Throwable e) {
        if (isThreadStop(e)) return RunStoppedException.MESSAGE;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Databases.firstLine(message);
    }

    /** JShell's own stop (and the project's kernel after a grace period) stops the cell's thread with ThreadDeath. */
    static boolean isThreadStop(Throwable e) {
        return e.getClass().getName().equals("java.lang.ThreadDeath");
    }
}
