package io.github.nightlymigration.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.github.nightlymigration.support.Trees;

/**
 * The whole nightly command as cron starts it, {@code scripts/jbang migrate} (notebook 01 headless) and
 * {@code scripts/jbang migrate --no-notebook} (the library called directly), each a child process tree
 * (JBang's own JVM, then the migration's) measured by GNU time: wall, CPU of the whole tree, peak RSS of
 * its largest process, and the run inside it from the run folder's report.json. Both paths run with a
 * warm translator against a database of their own, as every night after the first.
 * <p>
 * {@code BENCH_COMPARE_NIGHTLY=label=CHECKOUT} adds another checkout's nightly command (main, say) to
 * the same run, with {@code BENCH_COMPARE_JBANG_REPO} / {@code BENCH_COMPARE_JBANG_DIR} as its JBang
 * repository and cache (its scripts/jbang installs its own build there).
 */
final class NightlyCommand {
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final Pattern MEASURED = Pattern.compile("NIGHTLY (\\S+) (\\S+) (\\S+) (\\d+)");
    private static final Pattern CELL_TOOK = Pattern.compile("\\[notebook\\] cell (\\d+) took ([0-9.]+) s");

    /**
     * One way of running the command: a checkout, its environment (JBang's settings and others), the
     * command's flags, its state and new database, and the variant it is compared with (or null).
     */
    private record Variant(String name, Path checkout, Map<String, String> env, List<String> flags, Path state,
            String newUrl, String comparedWith) {}

    /** Creates an empty new database (the new schema applied) and returns its URL. */
    interface NewDatabase {
        String create(String name) throws SQLException;
    }

    /** One night's figures; {@code cells}: each notebook cell's seconds, as the runner logged them. */
    record Night(double wallSeconds, double cpuSeconds, long peakRssKb, double runSeconds, Map<Integer, Double> cells) {}

    private final List<Variant> variants = new ArrayList<>();
    private final Map<String, List<Night>> nights = new LinkedHashMap<>();
    private final String oldUrl;

    private NightlyCommand(String oldUrl) {
        this.oldUrl = oldUrl;
    }

    static boolean available() {
        return Files.isExecutable(TIME);
    }

    /**
     * The cron path and --no-notebook of this checkout, and of BENCH_COMPARE_NIGHTLY's if set. Each
     * checkout gets its own translator and new database, as two installations would: the notebook and
     * the direct call of one checkout share them, as one installation's cron lines do.
     */
    static NightlyCommand of(String oldUrl, NewDatabase newDatabase) throws IOException, SQLException {
        NightlyCommand command = new NightlyCommand(oldUrl);
        Map<String, String> here = new LinkedHashMap<>();
        for (String name : List.of("JBANG_REPO", "JBANG_DIR")) {
            if (System.getenv(name) != null) here.put(name, System.getenv(name));
        }
        Path state = Trees.scratch("bench-nightly-state");
        String newUrl = newDatabase.create("nightly");
        String direct = "scripts/jbang migrate --no-notebook";
        command.add("cron path: scripts/jbang migrate", Path.of(""), here, List.of(), state, newUrl, direct);
        command.add(direct, Path.of(""), here, List.of("--no-notebook"), state, newUrl, null);
        Map<String, String> compiling = new LinkedHashMap<>(here);
        compiling.put("MIGRATOR_COMPILED_CELLS", "off");
        command.add("cron path, cells compiled every night", Path.of(""), compiling, List.of(), state, newUrl, direct);
        String other = System.getenv("BENCH_COMPARE_NIGHTLY");
        if (other != null && !other.isBlank()) {
            String[] spec = other.split("=", 2);
            if (spec.length != 2) throw new IllegalArgumentException("BENCH_COMPARE_NIGHTLY must be label=checkout");
            Map<String, String> jbang = new LinkedHashMap<>();
            jbang.put("JBANG_REPO", System.getenv().getOrDefault("BENCH_COMPARE_JBANG_REPO", ""));
            jbang.put("JBANG_DIR", System.getenv().getOrDefault("BENCH_COMPARE_JBANG_DIR", ""));
            jbang.values().removeIf(String::isEmpty);
            Path otherState = Trees.scratch("bench-nightly-state-other");
            String otherUrl = newDatabase.create("nightly_other");
            String otherDirect = "--no-notebook at " + spec[0];
            command.add("cron path at " + spec[0], Path.of(spec[1]), jbang, List.of(), otherState, otherUrl, otherDirect);
            command.add(otherDirect, Path.of(spec[1]), jbang, List.of("--no-notebook"), otherState, otherUrl, null);
        }
        return command;
    }

    private void add(String name, Path checkout, Map<String, String> env, List<String> flags, Path state, String newUrl,
            String comparedWith) {
        variants.add(new Variant(name, checkout.toAbsolutePath(), env, flags, state, newUrl, comparedWith));
        nights.put(name, new ArrayList<>());
    }

    /** A first, unmeasured night per variant: builds what JBang runs and fills each translator. */
    void warmUp() throws IOException, InterruptedException {
        for (Variant v : variants) {
            night(v);
        }
    }

    /** One measured night of each variant, in turn. */
    void measure() throws IOException, InterruptedException {
        for (Variant v : variants) {
            Night n = night(v);
            nights.get(v.name()).add(n);
            System.err.printf(Locale.ROOT, "  nightly %s: %.1f s wall, %.1f CPU s, peak RSS %d MB, run %.1f s%s%n",
                    v.name(), n.wallSeconds(), n.cpuSeconds(), n.peakRssKb() >> 10, n.runSeconds(),
                    n.cells().isEmpty() ? "" : "; cells (s) " + n.cells().entrySet().stream()
                            .map(c -> String.format(Locale.ROOT, "%d: %.2f", c.getKey(), c.getValue()))
                            .collect(Collectors.joining(", ")));
        }
    }

    private Night night(Variant v) throws IOException, InterruptedException {
        try {
            Benchmark.checkpoint(oldUrl);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("CHECKPOINT before a night failed: " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(List.of(TIME.toString(), "-f", "NIGHTLY %e %U %S %M",
                v.checkout().resolve("scripts/jbang").toString(), "migrate"));
        command.addAll(v.flags());
        ProcessBuilder builder = new ProcessBuilder(command).directory(v.checkout().toFile()).redirectErrorStream(true);
        builder.environment().putAll(v.env());
        builder.environment().put("MIGRATOR_OLD_URL", oldUrl);
        builder.environment().put("MIGRATOR_NEW_URL", v.newUrl());
        builder.environment().put("MIGRATOR_STATE_DIR", v.state().toString());
        Path log = Files.createTempFile("bench-nightly", ".log");
        try {
            Process p = builder.redirectOutput(log.toFile()).start();
            int exit = p.waitFor();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher m = MEASURED.matcher(output);
            if (exit != 0 || !m.find()) {
                throw new IllegalStateException(v.name() + " failed (exit " + exit + "):\n" + tail(output));
            }
            Map<Integer, Double> cells = new LinkedHashMap<>();
            for (Matcher cell = CELL_TOOK.matcher(output); cell.find(); ) {
                cells.put(Integer.parseInt(cell.group(1)), Double.parseDouble(cell.group(2)));
            }
            return new Night(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3)),
                    Long.parseLong(m.group(4)), lastRunSeconds(v.state()), cells);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The run inside the command: duration_ms of the newest run folder's report.json. */
    private static double lastRunSeconds(Path state) throws IOException {
        try (Stream<Path> runs = Files.list(state.resolve("runs"))) {
            Path newest = runs.filter(run -> Files.exists(run.resolve("report.json"))).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("no report.json in " + state));
            Matcher m = Pattern.compile("\"duration_ms\"\\s*:\\s*(\\d+)").matcher(Files.readString(newest.resolve("report.json")));
            return m.find() ? Long.parseLong(m.group(1)) / 1e3 : Double.NaN;
        }
    }

    /** The table of medians, each path beside the cron path, and the same as JSON. */
    String table(double pipe, double floor) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "| %-46s | %7s | %7s | %12s | %6s | %7s | %7s | %11s |%n",
                "nightly command (median)", "wall s", "CPU s", "peak RSS MB", "run s", "x pipe", "x floor", "run x floor"));
        t.append(String.format(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(48), "-".repeat(9), "-".repeat(9),
                "-".repeat(14), "-".repeat(8), "-".repeat(9), "-".repeat(9), "-".repeat(13)));
        for (Map.Entry<String, List<Night>> e : nights.entrySet()) {
            Night m = median(e.getValue());
            t.append(String.format(Locale.ROOT, "| %-46s | %7.1f | %7.1f | %12d | %6.1f | %7.2f | %7.2f | %11.2f |%n",
                    e.getKey(), m.wallSeconds(), m.cpuSeconds(), m.peakRssKb() >> 10, m.runSeconds(), m.wallSeconds() / pipe,
                    m.wallSeconds() / floor, m.runSeconds() / floor));
        }
        for (Variant v : variants) {
            if (v.comparedWith() == null) continue;
            Night cron = median(nights.get(v.name()));
            Night direct = median(nights.get(v.comparedWith()));
            t.append(String.format(Locale.ROOT, "| %-46s | %6.2fx | %6.2fx | %11.2fx | %5.2fx | %7s | %7s | %11s |%n",
                    v.name().replace("cron path: scripts/jbang migrate", "cron path") + " / --no-notebook",
                    cron.wallSeconds() / direct.wallSeconds(), cron.cpuSeconds() / direct.cpuSeconds(),
                    (double) cron.peakRssKb() / direct.peakRssKb(), cron.runSeconds() / direct.runSeconds(), "", "", ""));
        }
        return t.toString();
    }

    String json() {
        StringBuilder j = new StringBuilder("  \"nightly_command\": [\n");
        int i = 0;
        for (Map.Entry<String, List<Night>> e : nights.entrySet()) {
            Night m = median(e.getValue());
            j.append(String.format(Locale.ROOT,
                    "    {\"case\": \"%s\", \"median_wall_seconds\": %.2f, \"median_cpu_seconds\": %.2f,"
                            + " \"median_peak_rss_kb\": %d, \"median_run_seconds\": %.2f,"
                            + " \"nights_wall_cpu_rsskb_run\": [%s]}%s%n",
                    e.getKey(), m.wallSeconds(), m.cpuSeconds(), m.peakRssKb(), m.runSeconds(),
                    e.getValue().stream().map(n -> String.format(Locale.ROOT, "[%.2f, %.2f, %d, %.2f]",
                            n.wallSeconds(), n.cpuSeconds(), n.peakRssKb(), n.runSeconds())).collect(Collectors.joining(", ")),
                    ++i < nights.size() ? "," : ""));
        }
        return j.append("  ]").toString();
    }

    /** Each figure's own median (the nights' figures need not come from the same night). */
    private static Night median(List<Night> nights) {
        return new Night(Benchmark.median(nights.stream().map(Night::wallSeconds).toList()),
                Benchmark.median(nights.stream().map(Night::cpuSeconds).toList()),
                Math.round(Benchmark.median(nights.stream().map(n -> (double) n.peakRssKb()).toList())),
                Benchmark.median(nights.stream().map(Night::runSeconds).toList()), Map.of());
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
