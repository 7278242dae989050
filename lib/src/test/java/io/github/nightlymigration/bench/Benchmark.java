package io.github.nightlymigration.bench;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.schema.SchemaDdl;
import io.github.nightlymigration.support.Trees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.Table;

/**
 * scripts/bench: generates the legacy database at a scale, then measures side by side, each
 * case repeated, (a) the raw binary COPY pipe of the legacy tables, (b) the target-write floor
 * ({@link TargetFloor}: tonight's 11 new tables loaded by binary COPY into an empty copy of the
 * new schema, with keys, indexes, foreign keys and ANALYZE), (c) the migration's first run (empty
 * translator) and second run (warm translator, no new ids), each in its own JVM with a capped
 * heap, and (d) one INSERT per row with autocommit on a sample, extrapolated. Every case is shown
 * as a ratio of both the pipe and the floor, and the seconds each run spent making its translator
 * durable are printed. Prints a table and writes it as JSON.
 *
 * <pre>Benchmark [--scale N] [--repeat N] [--xmx 512m] [--sample ROWS] [--out DIR] [--durable] [--pgloader no]
 *           [--nightly no]</pre>
 *
 * <p>(e) pgloader's plain copy of the same tables is measured too when the command is installed, and
 * (f) the whole nightly command as cron runs it, the notebook path beside {@code --no-notebook}: wall,
 * CPU and peak RSS of each process tree ({@link NightlyCommand}; needs GNU time, /usr/bin/time).
 *
 * <p>The embedded server runs with fsync and synchronous_commit off unless {@code --durable}
 * turns both on, as a production server runs: then every autocommitted INSERT waits for its WAL
 * flush, which is what the row-at-a-time baseline costs for real.
 *
 * <p>The migration JVMs get the cron script's own options ({@code //JAVA_OPTIONS} of
 * scripts/migrate.java, except its -Xmx), so the figures are those of the nightly job.
 * {@code BENCH_MIGRATION_JAVA_OPTS} adds JVM options to the migration runs (a profiler, GC logging);
 * {@code BENCH_COMPARE=label=classpath} adds another build's migration to the same run, with
 * {@code BENCH_COMPARE_JAVA_OPTS} if set (the same build under other JVM options, say).
 */
public final class Benchmark {
    private final double scale;
    private final int repeat;
    private final String xmx;
    private final long sample;
    private final Path out;
    private final boolean pgloader;
    private final boolean durable;
    private final boolean nightly;
    /** Per migration case: the longest a reader of the new tables was blocked in each run (ReaderProbe). */
    private final Map<String, List<Double>> readerBlocked = new LinkedHashMap<>();
    /** Per migration case: seconds spent making the translator durable (or publishing, for builds before that phase). */
    private final Map<String, List<Double>> translatorDurable = new LinkedHashMap<>();
    private ServerCpu serverCpu;

    private Benchmark(Map<String, String> args) {
        scale = Double.parseDouble(args.getOrDefault("--scale", "1"));
        repeat = Integer.parseInt(args.getOrDefault("--repeat", "3"));
        xmx = args.getOrDefault("--xmx", "512m");
        sample = Long.parseLong(args.getOrDefault("--sample", "5000"));
        out = Path.of(args.getOrDefault("--out", "bench-results"));
        pgloader = !"no".equals(args.get("--pgloader")) && PgloaderCopy.available();
        durable = Boolean.parseBoolean(args.getOrDefault("--durable", "false"));
        nightly = !"no".equals(args.get("--nightly")) && NightlyCommand.available();
    }

    private static final List<String> OPTIONS = List.of(
            "--scale", "--repeat", "--xmx", "--sample", "--out", "--durable", "--pgloader", "--nightly");

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!OPTIONS.contains(argv[i])) {
                System.err.println("unknown option " + argv[i] + " (use " + String.join(", ", OPTIONS) + ")");
                System.exit(2);
            }
            // "--durable" alone is a flag; every other option takes a value
            boolean flag = i + 1 == argv.length || argv[i + 1].startsWith("--");
            args.put(argv[i], flag ? "true" : argv[++i]);
        }
        new Benchmark(args).run();
        System.exit(0); // the embedded server's shutdown hook stops PostgreSQL
    }

    private void run() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, durable)) {
            log("server: " + serverMode());
            serverCpu = ServerCpu.of(server.jdbcUrl("postgres"));
            String oldUrl = database(server, "legacy", SchemaDdl.LEGACY);
            String newUrl = database(server, "target", SchemaDdl.TARGET);
            String copyUrl = database(server, "copy_reference", SchemaDdl.LEGACY);
            List<String> tables = MigrationPlan.oldTables().stream().map(Table::getName).toList();
            LegacyDataGenerator generator = new LegacyDataGenerator(scale, 1, (step, done, total) -> { });
            log("generating the legacy database at scale " + scale + " " + generator.sizes());
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection(oldUrl)) {
                generator.fill(c);
                c.createStatement().execute("VACUUM ANALYZE");
            }
            log(String.format(Locale.ROOT, "generated in %.1f s", (System.nanoTime() - t0) / 1e9));
            NightlyCommand nights = nightly ? NightlyCommand.of(oldUrl, name -> database(server, name, SchemaDdl.TARGET)) : null;
            if (nights != null) {
                log("nightly command: a first, unmeasured night of each path (builds, fills the translators)");
                nights.warmUp();
            }
            List<Long> tableRows = tables.stream().map(t -> (long) generator.sizes().get(t)).toList();
            long rows = tableRows.stream().mapToLong(Long::longValue).sum();
            List<Long> sampleRows = RowAtATimeInsert.proportionalSample(tableRows, sample);
            long sampled = sampleRows.stream().mapToLong(Long::longValue).sum();

            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            String reference = "binary COPY pipe of the legacy tables";
            String floorCase = "target-write floor: binary COPY of the 11 new tables + keys, indexes, FKs, ANALYZE";
            String first = "migration, first run (empty translator)";
            String second = "migration, second run (warm translator)";
            String naive = "one INSERT per row, autocommit (extrapolated from " + sampled + " rows)";
            String loader = "pgloader, plain copy of the legacy tables (transforms nothing)";
            for (String name : List.of(reference, floorCase, first, second, naive)) seconds.put(name, new ArrayList<>());
            if (pgloader) seconds.put(loader, new ArrayList<>());
            String[] other = compareWith();
            String otherFirst = other == null ? null : "migration at " + other[0] + ", first run";
            String otherSecond = other == null ? null : "migration at " + other[0] + ", second run";
            if (other != null) {
                seconds.put(otherFirst, new ArrayList<>());
                seconds.put(otherSecond, new ArrayList<>());
            }
            List<long[]> memory = new ArrayList<>();
            Path state = Trees.scratch("bench-state");
            Path otherState = Trees.scratch("bench-state-other");
            String classpath = System.getProperty("java.class.path");
            String cronOpts = cronJavaOptions();
            log("migration JVM options from scripts/migrate.java: " + cronOpts);
            int parallelism = MigratorSettings.fromMap(Map.of("MIGRATOR_OLD_URL", oldUrl, "MIGRATOR_NEW_URL", newUrl,
                    "MIGRATOR_STATE_DIR", state.toString())).parallelism();
            TargetFloor floor = null;
            String javaOpts = cronOpts + " " + System.getenv().getOrDefault("BENCH_MIGRATION_JAVA_OPTS", "");
            String otherOpts = cronOpts + " " + System.getenv().getOrDefault("BENCH_COMPARE_JAVA_OPTS",
                    System.getenv().getOrDefault("BENCH_MIGRATION_JAVA_OPTS", ""));
            try (Connection old = snapshot(oldUrl); Connection copy = transaction(copyUrl)) {
                for (int r = 1; r <= repeat; r++) {
                    log("repeat " + r + "/" + repeat);
                    checkpoint(newUrl);
                    t0 = System.nanoTime();
                    double cpu0 = serverCpu.seconds();
                    CopyPipe.run(old, copy, tables);
                    seconds.get(reference).add((System.nanoTime() - t0) / 1e9);
                    CopyPipe.empty(copy, tables);
                    log(String.format(Locale.ROOT, "  pipe: server CPU %.1f s", serverCpu.seconds() - cpu0));
                    Files.deleteIfExists(MigrationRun.translatorFile(state));
                    truncateTarget(newUrl);
                    seconds.get(first).add(migrate(first, classpath, javaOpts, oldUrl, newUrl, state, memory));
                    if (floor == null) {
                        floor = TargetFloor.capture(newUrl, Trees.scratch("bench-floor"));
                        log(String.format(Locale.ROOT, "target-write floor: the first run's new tables, %,d MB as binary COPY",
                                floor.bytes() >> 20));
                    }
                    checkpoint(newUrl);
                    cpu0 = serverCpu.seconds();
                    seconds.get(floorCase).add(floor.run(server, parallelism));
                    log(String.format(Locale.ROOT, "  floor: server CPU %.1f s, %d connections building keys",
                            serverCpu.seconds() - cpu0, parallelism));
                    seconds.get(second).add(migrate(second, classpath, javaOpts, oldUrl, newUrl, state, memory));
                    if (other != null) {
                        Files.deleteIfExists(MigrationRun.translatorFile(otherState));
                        truncateTarget(newUrl);
                        seconds.get(otherFirst).add(migrate(otherFirst, other[1], otherOpts, oldUrl, newUrl, otherState, new ArrayList<>()));
                        seconds.get(otherSecond).add(migrate(otherSecond, other[1], otherOpts, oldUrl, newUrl, otherState, new ArrayList<>()));
                    }
                    if (nights != null) nights.measure();
                    checkpoint(newUrl);
                    double sampleSeconds = RowAtATimeInsert.run(old, copy, tables, sampleRows);
                    seconds.get(naive).add(sampleSeconds * rows / sampled);
                    if (seconds.containsKey(loader)) {
                        try {
                            checkpoint(newUrl);
                            seconds.get(loader).add(PgloaderCopy.run(server, "legacy", "pgloader_reference"));
                        } catch (IllegalStateException e) {
                            log("pgloader failed, left out of the table: " + e.getMessage());
                            seconds.remove(loader);
                        }
                    }
                    log("  " + seconds);
                }
            }
            report(rows, seconds, reference, floorCase, memory, nights);
        }
    }

    /**
     * {@code BENCH_COMPARE=label=classpath}: also measures another build of the migration (the
     * main branch, say) in the same run, so a change is judged under the same machine load. The
     * classpath lists the other build's classes first, then this one's test classes (for MigrateOnce)
     * and dependencies.
     */
    private static String[] compareWith() {
        String spec = System.getenv("BENCH_COMPARE");
        if (spec == null || spec.isBlank()) return null;
        String[] parts = spec.split("=", 2);
        if (parts.length != 2) throw new IllegalArgumentException("BENCH_COMPARE must be label=classpath");
        return parts;
    }

    /** The JVM options cron runs the migration with, but the heap cap: that is --xmx here. */
    private static String cronJavaOptions() throws IOException {
        Path script = Path.of("scripts", "migrate.java");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(script.toAbsolutePath() + " not found: run the benchmark from the"
                    + " repository root (scripts/bench does), it measures the migration with the cron script's JVM options");
        }
        return Files.readAllLines(script).stream()
                .filter(line -> line.startsWith("//JAVA_OPTIONS "))
                .flatMap(line -> Stream.of(line.substring("//JAVA_OPTIONS ".length()).trim().split("\\s+")))
                .filter(option -> !option.startsWith("-Xmx"))
                .collect(Collectors.joining(" "));
    }

    private double migrate(String caseName, String classpath, String javaOpts, String oldUrl, String newUrl, Path state,
            List<long[]> memory)
            throws IOException, InterruptedException, SQLException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx));
        if (!javaOpts.isBlank()) command.addAll(List.of(javaOpts.trim().split("\\s+")));
        command.addAll(List.of("-cp", classpath, MigrateOnce.class.getName(),
                oldUrl, newUrl, state.toString()));
        checkpoint(newUrl);
        double cpu0 = serverCpu.seconds();
        ReaderProbe probe = ReaderProbe.start(newUrl);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) result = line;
                else System.err.println("  | " + line);
            }
        }
        if (p.waitFor() != 0 || result == null) throw new IllegalStateException("migration run failed");
        ReaderProbe.Observation read = probe.stop();
        System.err.printf(Locale.ROOT, "  | server CPU %.1f s, reader of the new tables: %s%n", serverCpu.seconds() - cpu0, read);
        readerBlocked.computeIfAbsent(caseName, k -> new ArrayList<>()).add(read.longestBlocked().toMillis() / 1000.0);
        String[] f = result.split(" ");
        memory.add(new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
        long translatorMs = f.length > 4 ? Long.parseLong(f[4]) : -1;
        long publishMs = f.length > 5 ? Long.parseLong(f[5]) : -1;
        translatorDurable.computeIfAbsent(caseName + (translatorMs < 0 ? " (a build without that phase: its publish phase, save + swap)" : ""),
                k -> new ArrayList<>()).add((translatorMs < 0 ? publishMs : translatorMs) / 1000.0);
        return Double.parseDouble(f[1]);
    }

    private void report(long rows, Map<String, List<Double>> seconds, String reference, String floorCase,
            List<long[]> memory, NightlyCommand nights) throws IOException {
        double ref = median(seconds.get(reference));
        double floor = median(seconds.get(floorCase));
        long peakHeap = memory.stream().mapToLong(m -> m[0]).max().orElse(0);
        long peakRssKb = memory.stream().mapToLong(m -> m[1]).max().orElse(0);
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "scale %s: %,d legacy rows, median of %d, %d cores, migration -Xmx%s, server %s%n",
                fmt(scale), rows, repeat, Runtime.getRuntime().availableProcessors(), xmx, serverMode()));
        table.append(String.format(Locale.ROOT, "| %-90s | %9s | %10s | %7s | %7s |%n", "case", "median s", "rows/s", "x pipe",
                "x floor"));
        table.append(String.format(Locale.ROOT, "|%s|%s|%s|%s|%s|%n", "-".repeat(92), "-".repeat(11), "-".repeat(12),
                "-".repeat(9), "-".repeat(9)));
        StringBuilder json = new StringBuilder("{\n");
        json.append(String.format(Locale.ROOT, "  \"scale\": %s, \"rows\": %d, \"repeat\": %d, \"xmx\": \"%s\", \"durable\": %s,%n",
                fmt(scale), rows, repeat, xmx, durable));
        json.append(String.format(Locale.ROOT, "  \"migration_peak_heap_bytes\": %d, \"migration_peak_rss_kb\": %d,%n",
                peakHeap, peakRssKb));
        json.append("  \"reader_blocked_seconds\": {");
        json.append(readerBlocked.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(", "))).append("},\n");
        json.append("  \"translator_durable_seconds\": {");
        json.append(translatorDurable.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(", "))).append("},\n");
        json.append("  \"cases\": [\n");
        int i = 0;
        for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
            double median = median(e.getValue());
            table.append(String.format(Locale.ROOT, "| %-90s | %9.2f | %,10.0f | %7.2f | %7.2f |%n",
                    e.getKey(), median, rows / median, median / ref, median / floor));
            json.append(String.format(Locale.ROOT,
                    "    {\"case\": \"%s\", \"median_seconds\": %.3f, \"rows_per_second\": %.0f, \"ratio_to_pipe\": %.3f,"
                            + " \"ratio_to_floor\": %.3f, \"seconds\": %s}%s%n",
                    e.getKey(), median, rows / median, median / ref, median / floor, e.getValue(),
                    ++i < seconds.size() ? "," : ""));
        }
        json.append(nights == null ? "  ]\n}\n" : "  ],\n" + nights.json() + "\n}\n");
        readerBlocked.forEach((name, blocked) -> table.append(String.format(Locale.ROOT,
                "longest a reader of the new tables was blocked (probe every 100 ms), %s: median %.2f s, max %.2f s%n",
                name, median(blocked), blocked.stream().mapToDouble(Double::doubleValue).max().orElse(0))));
        translatorDurable.forEach((name, durable) -> table.append(String.format(Locale.ROOT,
                "making the translator durable (the run report's phase \"translator\"), %s: median %.2f s, max %.2f s%n",
                name, median(durable), durable.stream().mapToDouble(Double::doubleValue).max().orElse(0))));
        table.append(String.format(Locale.ROOT, "migration peak heap after GC %,d MB, peak RSS %,d MB (largest of this build's runs)%n",
                peakHeap >> 20, peakRssKb >> 10));
        if (nights != null) table.append(nights.table(ref, floor));
        System.out.print(table);
        Files.createDirectories(out);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(Instant.now().atOffset(ZoneOffset.UTC));
        Path file = out.resolve("bench-scale" + fmt(scale) + (durable ? "-durable" : "") + "-" + stamp + ".json");
        Files.writeString(file, json);
        System.out.println("wrote " + file);
    }

    private String serverMode() {
        return durable ? "fsync on, synchronous_commit on (--durable)" : "fsync off, synchronous_commit off";
    }

    private static String database(EmbeddedPostgresServer server, String name, SchemaDdl ddl) throws SQLException {
        String url = server.createDatabase(name);
        try (Connection c = DriverManager.getConnection(url)) {
            ddl.apply(c);
        }
        return url;
    }

    private static Connection snapshot(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        return c;
    }

    private static Connection transaction(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        c.setAutoCommit(false);
        return c;
    }

    /**
     * Writes every dirty page of the server (all its databases) before a case is timed: otherwise the case after
     * a write-heavy one (the floor writes 1.8 GB at scale 10) pays for its writeback, and the order of the cases,
     * not the builds, decides a comparison.
     */
    static void checkpoint(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /** A first run starts from an empty new database, as a first run must (the translator is gone). */
    private static void truncateTarget(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            List<String> names = MigrationPlan.newTables().stream().map(Table::getName).toList();
            c.createStatement().execute("TRUNCATE TABLE " + String.join(", ", names));
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static void log(String message) {
        System.err.println("bench: " + message);
    }
}
