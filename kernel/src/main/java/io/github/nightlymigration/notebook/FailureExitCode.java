package io.github.nightlymigration.notebook;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The process exit code for a failed cell. An exception (or one of its causes) may choose it with a
 * public no-argument {@code int exitCode()} method (the migration uses 75 for "another run holds the
 * lock" and 2 for configuration errors); a failure that does not say, or says something outside
 * 1..255, gets 1. Found by reflection so
 * that library code needs no type from this module.
 */
final class FailureExitCode {
    static final int GENERIC = 1;

    private FailureExitCode() {
    }

    static int of(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            Integer code = declared(t);
            if (code != null) {
                // A failed run must never look successful, and exit codes only have 8 bits.
                return code >= 1 && code <= 255 ? code : GENERIC;
            }
        }
        return GENERIC;
    }

    private static Integer declared(Throwable t) {
        try {
            Method exitCode = t.getClass().getMethod("exitCode");
            if (exitCode.getReturnType() != int.class) {
                return null;
            }
            exitCode.trySetAccessible(); // the exception class may be non-public, e.g. declared in a cell
            return (Integer) exitCode.invoke(t);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
