package io.github.nightlymigration.report;

import io.github.nightlymigration.changes.ChangeSet;
import io.github.nightlymigration.changes.ChangeSetJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything a run did, for the operator: per old table what became of its rows (with the
 * accounting identity), rows per new table, warnings with example ids, phase durations.
 * Written to {@code <state>/runs/<UTC timestamp>/} as report.json and rejects.csv.
 */
public final class RunReport implements AutoCloseable {
    public enum Status { RUNNING, SUCCEEDED, FAILED, DRY_RUN, REFUSED }

    private static final int EXAMPLES_PER_WARNING = 10;

    private final Path runFolder;
    private final Instant startedAt;
    private final Map<String, TableAccount> accounts = new LinkedHashMap<>();
    private final Map<String, AtomicLong> writtenByNewTable = new ConcurrentHashMap<>();
    /** Old table -> warning text -> count: keyed apart, so a warning met on every third row is not a string built per row. */
    private final Map<String, Map<String, Warning>> warnings = new ConcurrentHashMap<>();
    private final Map<String, Long> phaseMillis = new ConcurrentHashMap<>();
    private final List<String> noticed = java.util.Collections.synchronizedList(new ArrayList<>());
    private final RejectsFile rejects;
    private volatile Status status = Status.RUNNING;
    private volatile Instant finishedAt;
    private volatile String error;
    private volatile String publish;
    private volatile NightOverNight nightOverNight;
    private volatile ChangeSet changes;

    /** A counted warning with the first few old ids it concerns. */
    public static final class Warning {
        private final AtomicLong count = new AtomicLong();
        private final List<Long> examples = new ArrayList<>();

        public long count() { return count.get(); }

        public synchronized List<Long> examples() { return List.copyOf(examples); }

        void add(long oldId) {
            if (count.incrementAndGet() > EXAMPLES_PER_WARNING) return;
            synchronized (this) {
                examples.add(oldId);
            }
        }
    }

    public RunReport(Path runFolder, Instant startedAt, List<String> oldTables) {
        this.runFolder = runFolder;
        this.startedAt = startedAt;
        for (String table : oldTables) accounts.put(table, new TableAccount(table));
        this.rejects = new RejectsFile(runFolder.resolve("rejects.csv"));
    }

    public TableAccount account(String oldTable) {
        TableAccount account = accounts.get(oldTable);
        if (account == null) throw new IllegalArgumentException("no account for old table " + oldTable);
        return account;
    }

    public void written(String oldTable) { account(oldTable).addWritten(); }

    public void merged(String oldTable) { account(oldTable).addMerged(); }

    public void rejected(String oldTable, long oldId, String reason, String oldRowJson) {
        account(oldTable).addRejected();
        rejects.add(oldTable, oldId, reason, oldRowJson);
    }

    public void warn(String oldTable, String warning, long oldId) {
        warnings.computeIfAbsent(oldTable, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(warning, w -> new Warning()).add(oldId);
    }

    public void rowsWritten(String newTable, long rows) {
        writtenByNewTable.computeIfAbsent(newTable, t -> new AtomicLong()).addAndGet(rows);
    }

    public void phase(String name, Duration duration) {
        phaseMillis.merge(name, duration.toMillis(), Long::sum);
    }

    /**
     * What the run noticed of the two apps' own changes and carried: columns and tables of the old app no rule
     * reads, columns of the new app no rule writes, what the new app wrote since the last publish and what its own
     * tables lost to tonight's deletions. Not warnings about data: the maintainer's reading, once a night.
     */
    public void noted(String notice) {
        noticed.add(notice);
    }

    public List<String> noticed() {
        return List.copyOf(noticed);
    }

    /** How this run publishes (swapped in from staging, or in place and why). */
    public void publishing(String how) {
        this.publish = how;
    }

    public String publish() { return publish; }

    public void finish(Status status, String error) {
        this.status = status;
        this.error = error;
        this.finishedAt = Instant.now();
    }

    /** Set by the shrink guard before the publish: tonight's counts beside the last published night's. */
    public void nightOverNight(NightOverNight comparison) {
        this.nightOverNight = comparison;
    }

    /** Null until the guard has compared (a run that failed before it). */
    public NightOverNight nightOverNight() {
        return nightOverNight;
    }

    /** Set before the publish: tonight's tables against the live ones, row by row (then with the change guard's verdict). */
    public void changes(ChangeSet changes) {
        this.changes = changes;
    }

    /** Null until compared (a run that failed before it). */
    public ChangeSet changes() {
        return changes;
    }

    public boolean balanced() {
        return accounts.values().stream().allMatch(TableAccount::balanced);
    }

    public Path runFolder() { return runFolder; }
    public Instant startedAt() { return startedAt; }
    public Instant finishedAt() { return finishedAt; }
    public Status status() { return status; }
    public String error() { return error; }
    public List<TableAccount> accounts() { return List.copyOf(accounts.values()); }

    public Map<String, Long> writtenByNewTable() {
        Map<String, Long> out = new java.util.TreeMap<>();
        writtenByNewTable.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Keyed "old table: warning". */
    public Map<String, Warning> warnings() {
        Map<String, Warning> out = new java.util.TreeMap<>();
        warnings.forEach((table, byText) -> byText.forEach((text, w) -> out.put(table + ": " + text, w)));
        return out;
    }

    public Map<String, Long> phaseMillis() { return new LinkedHashMap<>(phaseMillis); }

    public long rowsRead() {
        return accounts.values().stream().mapToLong(TableAccount::read).sum();
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
    }

    /** Closes rejects.csv and writes report.json (and changes.json, when the run compared). */
    @Override
    public void close() {
        rejects.close();
        if (changes != null) ChangeSetJson.write(changes, runFolder);
        ReportJson.write(this, runFolder.resolve("report.json"));
    }

    @Override
    public String toString() {
        return ReportText.render(this);
    }

    /** HTML for notebooks (the kernel shows objects with a toHtml() method as HTML). */
    public String toHtml() {
        return ReportText.renderHtml(this);
    }
}
