package io.github.nightlymigration.cli;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.runbook.Validation;
import io.github.nightlymigration.schema.SchemaDdl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole runbook on embedded defaults, for a newcomer with only a JDK. Starts an
 * embedded PostgreSQL holding a generated legacy database and an empty new one, then runs the
 * nightly steps twice through the same headless path cron uses, to show the second night keeps
 * every id.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the nightly migration twice on embedded databases with generated data, and summarises.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--scale", description = "size of the generated legacy data (1 = 1.26 million rows; default: ${DEFAULT-VALUE})")
    double scale = 0.02;

    @Option(names = "--state", paramLabel = "DIR", description = "where everything goes (default: ${DEFAULT-VALUE})")
    Path folder = Path.of("demo-state");

    @Option(names = "--clean", description = "remove the demo folder and exit")
    boolean clean;

    @Option(names = "--serve", description = "after the runs, keep the databases up and print the MIGRATOR_* variables for the notebooks; Ctrl-C stops")
    boolean serve;

    public static void main(String[] args) {
        System.exit(Commands.line(new DemoCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        deleteRecursively(folder);
        if (clean) {
            System.out.println("removed " + folder.toAbsolutePath());
            return 0;
        }
        Path state = folder.resolve("state");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(folder.resolve("postgres"))) {
            String oldUrl = server.createDatabase("creativeq");
            String newUrl = server.createDatabase("queue");
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection(oldUrl); TerminalProgress progress = new TerminalProgress()) {
                SchemaDdl.LEGACY.apply(c);
                new LegacyDataGenerator(scale, 1, progress).fill(c);
            }
            System.out.printf("generated the legacy database at scale %s in %.1f s%n", scale, (System.nanoTime() - t0) / 1e9);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("MIGRATOR_OLD_URL", oldUrl);
            env.put("MIGRATOR_NEW_URL", newUrl);
            env.put("MIGRATOR_STATE_DIR", state.toAbsolutePath().toString());
            MigratorSettings settings = MigratorSettings.fromMap(env);
            Migration.createNewSchema(settings);

            Map<String, String> firstIds = null;
            for (int night = 1; night <= 2; night++) {
                System.out.println("night " + night + ": migrate");
                int exit = MigrateCommand.execute("--old-url", oldUrl, "--new-url", newUrl, "--state-dir", state.toString());
                if (exit != 0) {
                    System.err.println("demo: night " + night + " failed with exit code " + exit);
                    return exit;
                }
                Map<String, String> ids = Validation.idFingerprints(settings);
                if (firstIds == null) firstIds = ids;
                else summary(settings, firstIds, ids, state);
            }
            if (serve) serve(env);
        }
        return 0;
    }

    private static void summary(MigratorSettings settings, Map<String, String> first, Map<String, String> second, Path state) {
        System.out.println();
        System.out.println("Summary");
        System.out.println(Validation.counts(settings).printAll());
        boolean stable = first.equals(second);
        System.out.println("ids stable across the two nights: " + (stable ? "yes, every row of every new table" : "NO: " + second));
        System.out.println("reports and executed notebooks: " + state.resolve("runs").toAbsolutePath());
    }

    private static void serve(Map<String, String> env) throws InterruptedException {
        System.out.println();
        System.out.println("Databases are up. In another shell:");
        env.forEach((k, v) -> System.out.println("  export " + k + "='" + v + "'"));
        System.out.println("  jupyter notebook notebooks/   # pick the Java kernel (scripts/install-kernel)");
        System.out.println("Ctrl-C stops the databases.");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
