package io.github.nightlymigration.files.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.export.AttachmentCsv;
import io.github.nightlymigration.export.AttachmentRow;
import io.github.nightlymigration.export.ExportManifest;
import io.github.nightlymigration.files.FileSync;
import io.github.nightlymigration.files.PaperclipPath;
import io.github.nightlymigration.files.StorageKey;
import io.github.nightlymigration.files.SyncReport;
import io.github.nightlymigration.files.SyncSettings;
import io.github.nightlymigration.support.Trees;

/**
 * Measures FileSync against the in-process s3proxy: a first sync of N files of 1-200 KB, then a no-change re-run,
 * and, when {@code /usr/bin/rclone} exists, {@code rclone copy} of the same files with the same concurrency into
 * another bucket of the same server. A warm-up round on 300 other files comes first and is reported apart: the
 * server runs in this JVM, and whichever tool went first would otherwise pay for its JIT warm-up. Each round uses
 * fresh buckets; rounds alternate which tool goes first.
 *
 * <p>{@code --server disk} (the default) stores the objects as files (s3proxy's filesystem backend, as in the tests);
 * {@code --server memory} keeps them in this JVM's heap (its transient backend), which answers a listing without a
 * system call per entry: the disk server's listing, not the client, bounds a no-change re-run. Both tools use the same
 * server either way. In memory, each bucket is deleted once measured, so the heap holds one run's objects at a time.
 *
 * <pre>
 * mvn -f pom.xml -pl lib test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp lib/target/test-classes:lib/target/classes:$(cat /tmp/cp.txt) \
 *     io.github.nightlymigration.files.bench.FileSyncBenchmark [--files 2000|--large] [--concurrency 16] [--rounds 1]
 *     [--server disk|memory] [--dir D] [--no-rclone]
 * </pre>
 * {@code --large} means 20,000 files. Files, bucket store and state go to a temporary directory removed when the
 * benchmark exits (10 GB after {@code --large --rounds 2}); a {@code --dir} of your own is kept.
 */
public final class FileSyncBenchmark {

    private static final Path RCLONE = Path.of("/usr/bin/rclone");
    private static final int WARM_UP_FILES = 300;

    public static void main(String[] args) throws Exception {
        int files = 2_000;
        int concurrency = SyncSettings.defaultConcurrency();
        int rounds = 1;
        boolean rcloneWanted = true;
        boolean inMemory = false;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--large" -> files = 20_000;
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--no-rclone" -> rcloneWanted = false;
                case "--server" -> inMemory = switch (args[++i]) {
                    case "disk" -> false;
                    case "memory" -> true;
                    default -> throw new IllegalArgumentException("--server " + args[i] + ": use disk or memory");
                };
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (use --files N,"
                        + " --large, --concurrency C, --rounds R, --server disk|memory, --dir D, --no-rclone)");
            }
        }
        if (dir == null) {
            dir = Trees.scratch("file-sync-bench");
        }
        Path root = Files.createDirectories(dir.resolve("app"));
        Path export = Files.createDirectories(dir.resolve("export"));
        System.out.printf(Locale.ROOT, "Creating %,d files of 1-200 KB under %s%n", files, root);
        long bytes = createFiles(root, export, files, 42);
        Path warmRoot = Files.createDirectories(dir.resolve("warm-up/app"));
        Path warmExport = Files.createDirectories(dir.resolve("warm-up/export"));
        long warmBytes = createFiles(warmRoot, warmExport, WARM_UP_FILES, 7);
        System.out.printf(Locale.ROOT, "%,d files, %.1f MB; concurrency %d; %d cores; %d round(s)%n", files,
                bytes / 1e6, concurrency, Runtime.getRuntime().availableProcessors(), rounds);
        String serverName = inMemory ? "memory (s3proxy transient backend, in this JVM's heap)"
                : "disk (s3proxy filesystem backend, " + dir.resolve("store") + ")";
        System.out.println("S3 server: " + serverName);
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (inMemory && maxHeap < bytes * 3 / 2 + (512L << 20)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "--server memory: a %.1f GB heap is too small"
                    + " for %.1f MB of objects (scripts/bench-files sets -Xmx; MIGRATOR_BENCH_HEAP overrides it)",
                    maxHeap / 1e9, bytes / 1e6));
        }
        boolean withRclone = rcloneWanted && Files.isExecutable(RCLONE);
        if (rcloneWanted && !withRclone) {
            System.out.println("rclone: " + RCLONE + " not found, comparison skipped (apt-get install -y rclone)");
        }

        List<String> lines = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        try (LocalS3Server server = inMemory ? LocalS3Server.inMemory() : LocalS3Server.start(dir.resolve("store"))) {
            List<String> warmUp = new ArrayList<>();
            syncRound(server, warmRoot, warmExport, dir.resolve("warm-up"), concurrency, 0, warmUp, new ArrayList<>());
            if (withRclone) {
                runRclone(server, warmRoot, WARM_UP_FILES, warmBytes, concurrency, 0, warmUp);
            }
            System.out.println("warm-up (cold JVM and server, not counted):");
            warmUp.forEach(System.out::println);
            for (int round = 1; round <= rounds; round++) {
                boolean rcloneFirst = withRclone && round % 2 == 0;
                if (rcloneFirst) {
                    runRclone(server, root, files, bytes, concurrency, round, lines);
                }
                syncRound(server, root, export, dir, concurrency, round, lines, phases);
                if (withRclone && !rcloneFirst) {
                    runRclone(server, root, files, bytes, concurrency, round, lines);
                }
            }
        }
        System.out.println("S3 server: " + serverName);
        System.out.printf(Locale.ROOT, "%-5s %-44s %8s %9s %9s %8s %9s%n", "round", "run", "files", "seconds",
                "files/s", "MB/s", "CPU s");
        lines.forEach(System.out::println);
        System.out.println("FileSync phases in ms (the bucket listing and the walk of the files tree run beside the others):");
        phases.forEach(System.out::println);
    }

    private static void syncRound(LocalS3Server server, Path root, Path export, Path dir, int concurrency, int round,
                                  List<String> lines, List<String> phases) throws IOException, InterruptedException {
        String bucket = "bench-sync-" + round;
        server.createBucket(bucket);
        Map<String, String> env = new HashMap<>(server.clientEnv(bucket));
        env.put("MIGRATOR_FILES_ROOT", root.toString());
        env.put("MIGRATOR_S3_CONCURRENCY", Integer.toString(concurrency));
        SyncSettings settings = SyncSettings.fromEnv(env);
        Path state = dir.resolve("state-" + round);
        flushToDisk();
        long cpu0 = jvmCpuMillis();
        SyncReport first = FileSync.to(settings, state).run(export);
        flushToDisk();
        long cpu1 = jvmCpuMillis();
        SyncReport again = FileSync.to(settings, state).run(export);
        long cpu2 = jvmCpuMillis();
        lines.add(line(round, "FileSync first sync", first.uploaded(), first.uploadedBytes(),
                first.durationMillis(), cpu1 - cpu0));
        lines.add(line(round, "FileSync no-change re-run (" + again.uploaded() + " uploaded)",
                again.skippedUnchanged(), again.skippedBytes(), again.durationMillis(), cpu2 - cpu1));
        lines.add(String.format(Locale.ROOT, "%-5d FileSync re-run / first sync: %.1f%%", round,
                100.0 * again.durationMillis() / first.durationMillis()));
        phases.add(String.format(Locale.ROOT, "%-5d first sync: %s", round, first.phasesLine()));
        long writeStart = System.nanoTime();
        again.writeJson(Files.createDirectories(dir.resolve("run-" + round)));
        phases.add(String.format(Locale.ROOT, "%-5d re-run:     %s; report JSON written in %d", round,
                again.phasesLine(), (System.nanoTime() - writeStart) / 1_000_000));
        if (first.hasFailures() || again.uploaded() != 0) {
            System.out.println(first.toConsoleTable());
            System.out.println(again.toConsoleTable());
        }
        freeIfInMemory(server, bucket);
    }

    /** An in-memory server would otherwise hold every round's objects at once (and caps its store at 4 GiB). */
    private static void freeIfInMemory(LocalS3Server server, String bucket) {
        if (server.storeDir().isEmpty()) {
            server.deleteBucket(bucket);
        }
    }

    private static void runRclone(LocalS3Server server, Path root, int files, long bytes, int concurrency, int round,
                                  List<String> lines) throws Exception {
        String bucket = "bench-rclone-" + round + "-" + files;
        server.createBucket(bucket);
        Path source = root.resolve(PaperclipPath.ATTACHMENTS_DIR);
        for (String name : List.of("rclone copy, first", "rclone copy, no-change re-run")) {
            flushToDisk();
            long serverCpu = jvmCpuMillis();
            long[] wallAndCpu = rclone(server, source, bucket, concurrency);
            lines.add(line(round, name, files, bytes, wallAndCpu[0], jvmCpuMillis() - serverCpu + wallAndCpu[1]));
        }
        freeIfInMemory(server, bucket);
    }

    /**
     * @param cpuMillis CPU time of this JVM (server and, for FileSync, client) plus rclone's own: the machine is
     *                  shared, so CPU per file is steadier than wall time
     */
    private static String line(int round, String name, long files, long bytes, long millis, long cpuMillis) {
        double seconds = millis / 1000.0;
        return String.format(Locale.ROOT, "%-5d %-44s %8d %9.2f %9.0f %8.1f %9.2f", round, name, files, seconds,
                files / seconds, bytes / 1e6 / seconds, cpuMillis / 1000.0);
    }

    /**
     * Writes dirty pages out before each measured run, so no run pays for the writeback of the files just created
     * or of what the previous run stored (a nightly re-run comes a day later).
     */
    private static void flushToDisk() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    private static long jvmCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static long createFiles(Path root, Path export, int count, long seed) throws IOException {
        Random random = new Random(seed);
        List<AttachmentRow> rows = new ArrayList<>(count);
        long total = 0;
        for (int i = 1; i <= count; i++) {
            int size = 1024 + random.nextInt(199 * 1024);
            byte[] content = new byte[size];
            random.nextBytes(content);
            String name = "attachment " + i + ".bin";
            String legacy = PaperclipPath.legacyPath(i, name);
            Path file = root.resolve(legacy);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            UUID request = new UUID(random.nextLong(), random.nextLong());
            UUID attachment = new UUID(random.nextLong(), random.nextLong());
            rows.add(new AttachmentRow(attachment, i, request, legacy, StorageKey.of(request, attachment, name), name,
                    "application/octet-stream", (long) size));
            total += size;
        }
        AttachmentCsv.write(export.resolve(AttachmentCsv.FILE_NAME), rows);
        ExportManifest.write(export, List.of(AttachmentCsv.FILE_NAME));
        return total;
    }

    /**
     * rclone 1.60 fails with LoadCustomCABundleError when AWS_CA_BUNDLE is set, so it is removed; the remote is
     * defined by RCLONE_CONFIG_* variables only (RCLONE_CONFIG=/dev/null).
     */
    /** @return wall-clock and rclone's own CPU milliseconds (sampled while it runs: 50 ms may be missed) */
    private static long[] rclone(LocalS3Server server, Path source, String bucket, int concurrency) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(RCLONE.toString(), "copy", source.toString(), "bench:" + bucket,
                "--transfers", Integer.toString(concurrency), "--checkers", Integer.toString(concurrency),
                "--s3-no-check-bucket");
        Map<String, String> env = pb.environment();
        env.remove("AWS_CA_BUNDLE");
        env.put("RCLONE_CONFIG", "/dev/null");
        env.put("RCLONE_CONFIG_BENCH_TYPE", "s3");
        env.put("RCLONE_CONFIG_BENCH_PROVIDER", "Other");
        env.put("RCLONE_CONFIG_BENCH_ENDPOINT", server.endpoint().toString());
        env.put("RCLONE_CONFIG_BENCH_REGION", "us-east-1");
        env.put("RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", LocalS3Server.ACCESS_KEY);
        env.put("RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", LocalS3Server.SECRET_KEY);
        env.put("RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true");
        pb.inheritIO();
        long start = System.nanoTime();
        Process process = pb.start();
        long cpu = 0;
        while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
            cpu = process.info().totalCpuDuration().map(Duration::toMillis).orElse(cpu);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("rclone copy exited with " + process.exitValue());
        }
        return new long[] {millis, cpu};
    }
}
