package io.github.nightlymigration.cli;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.demo.PaperclipTreeWriter;
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
import io.github.nightlymigration.files.SyncReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole runbook on embedded defaults, for a newcomer with only a JDK. Starts an
 * embedded PostgreSQL holding a generated legacy database and an empty new one, the legacy
 * Paperclip file tree and a local S3 server, then runs the nightly steps (migrate, export-ids,
 * sync-files) twice through the same headless path cron uses, to show that the second night keeps
 * every id and uploads nothing again.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the nightly steps twice on embedded databases, generated files and a local S3 server, and summarises.")
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
        Path files = folder.resolve("files");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(folder.resolve("postgres"));
                LocalS3Server s3 = LocalS3Server.start(folder.resolve("s3"))) {
            String oldUrl = server.createDatabase("creativeq");
            String newUrl = server.createDatabase("queue");
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection(oldUrl); TerminalProgress progress = new TerminalProgress()) {
                SchemaDdl.LEGACY.apply(c);
                new LegacyDataGenerator(scale, 1, progress).fill(c);
                PaperclipTreeWriter.Result tree = PaperclipTreeWriter.write(c, files, 1);
                System.out.printf("generated the legacy database at scale %s and its file tree (%,d files, %,d missing,"
                        + " %,d orphans) in %.1f s%n", scale, tree.written(), tree.missing(), tree.orphans(),
                        (System.nanoTime() - t0) / 1e9);
            }
            s3.createBucket(BUCKET);
            // The local server's fixed keys reach the AWS SDK's default chain as system properties, not
            // as notebook parameters (parameters are written into the executed notebooks).
            System.setProperty("aws.accessKeyId", LocalS3Server.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", LocalS3Server.SECRET_KEY);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("MIGRATOR_OLD_URL", oldUrl);
            env.put("MIGRATOR_NEW_URL", newUrl);
            env.put("MIGRATOR_STATE_DIR", state.toAbsolutePath().toString());
            MigratorSettings settings = MigratorSettings.fromMap(env);
            Migration.createNewSchema(settings);

            Map<String, String> firstIds = null;
            String firstSync = null;
            for (int night = 1; night <= 2; night++) {
                int exit = step(night, "migrate", MigrateCommand.execute("--old-url", oldUrl, "--new-url", newUrl,
                        "--state-dir", state.toString()));
                if (exit == 0) exit = step(night, "export-ids", ExportIdsCommand.execute("--new-url", newUrl,
                        "--state-dir", state.toString()));
                if (exit == 0) exit = step(night, "sync-files", SyncFilesCommand.execute("--state-dir", state.toString(),
                        "--files-root", files.toString(), "--bucket", BUCKET, "--endpoint", s3.endpoint().toString()));
                if (exit != 0) return exit;
                Map<String, String> ids = Validation.idFingerprints(settings);
                String sync = latestSyncSummary(state);
                if (firstIds == null) {
                    firstIds = ids;
                    firstSync = sync;
                } else {
                    summary(settings, firstIds, ids, firstSync, sync, state);
                }
            }
            int inspected = InspectCommand.execute("--old-url", oldUrl, "--new-url", newUrl, "--state-dir", state.toString());
            System.out.println("inspect (tables and charts, notebooks/04-inspect.ipynb executed into the latest run folder): "
                    + (inspected == 0 ? "ok" : "FAILED with exit code " + inspected));
            if (inspected != 0) return inspected;
            if (serve) {
                env.put("MIGRATOR_FILES_ROOT", files.toAbsolutePath().toString());
                env.putAll(s3.clientEnv(BUCKET));
                serve(env);
            }
        }
        return 0;
    }

    private static final String BUCKET = "attachments";

    private static int step(int night, String name, int exit) {
        System.out.println("night " + night + ": " + name + (exit == 0 ? " ok" : " FAILED with exit code " + exit));
        return exit;
    }

    private static void summary(MigratorSettings settings, Map<String, String> first, Map<String, String> second,
            String firstSync, String secondSync, Path state) {
        System.out.println();
        System.out.println("Summary");
        System.out.println(Validation.counts(settings).printAll());
        boolean stable = first.equals(second);
        System.out.println("ids stable across the two nights: " + (stable ? "yes, every row of every new table" : "NO: " + second));
        System.out.println("files, night 1: " + firstSync);
        System.out.println("files, night 2: " + secondSync);
        System.out.println("reports and executed notebooks: " + state.resolve("runs").toAbsolutePath());
    }

    /** The newest files-sync-report.json under the run folders, in one line. */
    private static String latestSyncSummary(Path state) throws IOException {
        try (Stream<Path> runs = Files.list(state.resolve("runs"))) {
            Path report = runs.map(r -> r.resolve(SyncReport.FILE_NAME)).filter(Files::exists).sorted()
                    .reduce((a, b) -> b).orElseThrow();
            JsonNode r = JsonMapper.builder().build().readTree(report.toFile());
            return String.format("%d uploaded, %d already in the bucket (skipped), %d missing on disk, %d orphan files,"
                    + " %d found under their name in the other Unicode normalisation form", r.path("uploaded").asInt(),
                    r.path("skippedUnchanged").asInt(), r.path("missing").size(), r.path("orphans").size(),
                    r.path("normalisationMatches").size());
        }
    }

    private static void serve(Map<String, String> env) throws InterruptedException {
        System.out.println();
        System.out.println("Databases are up. In another shell:");
        env.forEach((k, v) -> System.out.println("  export " + k + "='" + v + "'"));
        System.out.println("  jupyter notebook notebooks/   # pick the Java kernel (scripts/install-kernel)");
        System.out.println("(the AWS keys are the local demo S3 server's fixed keys, not secrets)");
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
