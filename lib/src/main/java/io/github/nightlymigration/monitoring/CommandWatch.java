package io.github.nightlymigration.monitoring;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.export.AtomicFiles;
import io.github.nightlymigration.files.SyncReport;
import io.github.nightlymigration.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Watches one command's run from outside and tells others how it ended; it never decides the outcome. At the start:
 * one log line saying where the pings and metrics go, the {@code /start} ping. At the end: the success or
 * {@code /<exit code>} ping, the {@code .prom} file, and {@code <state>/last-outcome.txt}, the one line (exit code,
 * reason, run folder) that cron's mail and the failure ping carry. Nothing here throws into the command.
 *
 * <p>The headless commands watch the whole notebook; the notebook cells that do a command's work go through
 * {@link #around}, which watches them when a person runs the notebook by hand and, inside a command that already
 * watches (the same JVM), only hands it their result: one pair of pings per night either way.
 */
public final class CommandWatch {
    public static final String OUTCOME_FILE = "last-outcome.txt";
    private static final AtomicReference<CommandWatch> CURRENT = new AtomicReference<>();

    private final String command;
    private final MonitoringSettings settings;
    private final Path stateDir;
    private final PrintStream log;
    private final Instant started = Instant.now();
    private final HealthPing ping;
    private final List<Object> results = new CopyOnWriteArrayList<>();
    private volatile Path runFolder;
    private volatile String failure;

    private CommandWatch(String command, MonitoringSettings settings, Path stateDir, PrintStream log) {
        this.command = command;
        this.settings = settings;
        this.stateDir = stateDir;
        this.log = log;
        this.ping = settings.healthcheckUrl() == null ? null : new HealthPing(settings.healthcheckUrl(), log::println);
    }

    /** Starts watching {@code command}: logs (to stderr, the cron log) where its pings and metrics go, pings {@code /start}. */
    public static CommandWatch begin(String command, Map<String, String> env, Path stateDir) {
        return begin(command, env, stateDir, System.err);
    }

    private static CommandWatch begin(String command, Map<String, String> env, Path stateDir, PrintStream log) {
        CommandWatch watch = new CommandWatch(command, MonitoringSettings.fromMap(env), stateDir, log);
        CURRENT.compareAndSet(null, watch);
        watch.log.println(command + ": " + watch.settings.describe(command));
        watch.writeOutcome(command + " started " + watch.started.truncatedTo(ChronoUnit.SECONDS)
                + " and has not ended (still running, or killed)");
        if (watch.ping != null) watch.ping.start(command + " started on " + host());
        return watch;
    }

    /** The command this JVM is watching, if any. */
    public static java.util.Optional<CommandWatch> current() {
        return java.util.Optional.ofNullable(CURRENT.get());
    }

    /**
     * Runs a command's work (a notebook cell's call into the library) watched: pings, metrics and the outcome line
     * for a person's run of the notebook; inside a watching command, only its result for that command's metrics.
     * The work's exception passes through unchanged.
     */
    public static <T> T around(String command, Path stateDir, Supplier<T> work) {
        CommandWatch outer = CURRENT.get();
        if (outer != null) {
            T result = work.get();
            outer.record(result);
            return result;
        }
        // In a notebook, stderr is an alarm in red: where the pings go is plain output of the cell.
        CommandWatch watch = begin(command, System.getenv(), stateDir, System.out);
        try {
            T result = work.get();
            watch.record(result);
            watch.end(result instanceof SyncReport sync ? sync.exitCode() : 0, null);
            return result;
        } catch (RuntimeException | Error e) {
            watch.end(e instanceof MigratorException m ? m.exitCode() : 1, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /** A result of the run (a RunReport, a SyncReport...): measured for the metrics and the success line. */
    public void record(Object result) {
        if (result == null) return;
        results.add(result);
        if (result instanceof RunReport report) runFolder(report.runFolder());
    }

    /** The run folder the outcome line names. */
    public void runFolder(Path folder) {
        this.runFolder = folder;
    }

    /** Why the run failed, when only the command's own machinery knows (the failing notebook cell's error). */
    public void failed(String reason) {
        this.failure = reason;
    }

    /**
     * Ends the watch: the outcome line, the ping and the metrics file. A ping or a file that fails is a warning.
     *
     * @param reason the error line of a failed run, or null to use the one given to {@link #failed}
     */
    public void end(int exitCode, String reason) {
        CURRENT.compareAndSet(this, null);
        Instant finished = Instant.now();
        String line = outcome(exitCode, reason != null ? reason : failure);
        writeOutcome(line);
        if (ping != null) ping.finish(exitCode, line);
        Path file = settings.metricsFile(command);
        if (file != null) {
            try {
                MetricsFile.write(file, CommandMetrics.of(command, exitCode, started, finished,
                        MetricsFile.lastSuccess(file), results));
            } catch (RuntimeException e) {
                log.println("warning: metrics file " + file + " not written (" + e.getMessage()
                        + "); the command's outcome is unchanged");
            }
        }
    }

    /** e.g. {@code migrate exit 2: cannot connect to ...; run folder state/runs/2026-12-06T000000Z}. Never a secret. */
    String outcome(int exitCode, String reason) {
        boolean said = reason != null && !reason.isBlank();
        String why = exitCode != 0 && said ? firstLine(reason)
                : exitCode != 0 && results.isEmpty() ? "failed (see the log)" : summary();
        String where = runFolder == null ? "" : "; run folder " + runFolder.toAbsolutePath().normalize();
        return MigratorSettings.mask(command + " exit " + exitCode + ": " + why + where);
    }

    private String summary() {
        for (Object result : results) {
            if (result instanceof RunReport report) return firstLine(report.toString());
            if (result instanceof SyncReport s) {
                return String.format("%d files uploaded, %d skipped, %d missing on disk, %d failed", s.uploaded(),
                        s.skippedUnchanged(), s.missing().size(), s.failed().size());
            }
        }
        return "done";
    }

    private void writeOutcome(String line) {
        Path file = stateDir.resolve(OUTCOME_FILE);
        try {
            AtomicFiles.writeString(file, line + "\n");
        } catch (RuntimeException e) {
            log.println("warning: " + file + " not written (" + e.getMessage() + ")");
        }
    }

    private static String firstLine(String text) {
        String line = text.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl).strip();
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + " (pid " + ProcessHandle.current().pid() + ")";
        } catch (java.io.IOException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }
}
