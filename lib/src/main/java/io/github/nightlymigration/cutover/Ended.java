package io.github.nightlymigration.cutover;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.Progress;
import java.util.function.Function;
import java.util.function.Supplier;

/** Tells a cut-over step's progress how the step ended, so its board in notebook 05 stops looking busy. */
final class Ended {
    private Ended() {}

    static <T> T tell(Progress progress, Supplier<T> step, Function<T, String> summary) {
        try {
            T result = step.get();
            progress.ended(Progress.Ending.FINISHED, summary.apply(result));
            return result;
        } catch (RuntimeException | Error e) {
            boolean refused = e instanceof MigratorException m && m.exitCode() == MigratorException.CUTOVER_REFUSED;
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            progress.ended(refused ? Progress.Ending.REFUSED : Progress.Ending.FAILED, message);
            throw e;
        }
    }
}
