package io.github.nightlymigration.support;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.engine.RunLock;
import java.nio.file.Path;

/**
 * The migration in a child JVM, for tests that kill it or run two at once. Settings come from the
 * MIGRATOR_* environment, like cron's; every progress update is one flushed stdout line, so the
 * parent can choose its kill point. Modes: {@code run}, or {@code hold-lock <state dir>} (a
 * notebook session that took the lock and sits on it).
 */
public final class MigrationChild {
    private MigrationChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("hold-lock")) {
            RunLock.acquire(Path.of(args[1]), "notebook session");
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
        try {
            Migration.run(MigratorSettings.fromEnvironment(), (step, done, total) -> {
                System.out.println("progress " + step + " " + done + "/" + total);
                System.out.flush();
            });
            System.out.println("published");
            System.exit(0);
        } catch (MigratorException e) {
            System.err.println(e.getMessage());
            System.exit(e.exitCode());
        }
    }
}
