package io.github.nightlymigration.support;

import io.github.nightlymigration.runbook.Inspection;
import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.cutover.Cutover;
import io.github.nightlymigration.engine.RunLock;
import io.github.nightlymigration.files.FileSync;
import io.github.nightlymigration.files.SyncReport;
import io.github.nightlymigration.files.SyncSettings;
import java.nio.file.Path;

/**
 * The migration in a child JVM, for tests that kill it or run two at once. Settings come from the
 * MIGRATOR_* environment, like cron's; every progress update is one flushed stdout line, so the
 * parent can choose its kill point. Modes: {@code run}, or {@code hold-lock <state dir>} (a
 * notebook session that took the lock and sits on it), or {@code sync <export dir> <state dir>} (the
 * file sync, one stdout line per settled file), or {@code cutover <quiet interval ms>} (files synced elsewhere),
 * or {@code query <timeout s> <sql>} (a free query of the investigation notebook on the old database).
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
        if (args.length > 0 && args[0].equals("sync")) {
            try {
                SyncReport report = FileSync.to(SyncSettings.fromEnv(System.getenv()), Path.of(args[2]))
                        .onProgress(p -> {
                            System.out.println("synced " + p.filesDone() + "/" + p.filesTotal());
                            System.out.flush();
                        })
                        .run(Path.of(args[1]));
                System.out.println("done uploaded=" + report.uploaded() + " skipped=" + report.skippedUnchanged());
                System.exit(report.hasFailures() ? 1 : 0);
            } catch (RuntimeException e) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
        }
        if (args.length > 0 && args[0].equals("query")) { // query <timeout seconds> <sql>: a notebook's free query
            System.out.println("querying");
            System.out.flush();
            new Inspection(MigratorSettings.fromEnvironment()).timeout(java.time.Duration.ofSeconds(Long.parseLong(args[1])))
                    .oldQuery(args[2]);
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("cutover")) {
            try {
                Cutover.run(MigratorSettings.fromEnvironment(), null, java.time.Duration.ofMillis(Long.parseLong(args[1])),
                        (step, done, total) -> {
                            System.out.println("progress " + step + " " + done + "/" + total);
                            System.out.flush();
                        }, step -> {
                            System.out.println("cutover " + step);
                            System.out.flush();
                        });
                System.out.println("cut over");
                System.exit(0);
            } catch (MigratorException e) {
                System.err.println(e.getMessage());
                System.exit(e.exitCode());
            }
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
