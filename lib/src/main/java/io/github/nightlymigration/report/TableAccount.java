package io.github.nightlymigration.report;

import java.util.concurrent.atomic.AtomicLong;

/** What became of one old table's rows: read = written + merged + rejected. */
public final class TableAccount {
    private final String table;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong merged = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    TableAccount(String table) {
        this.table = table;
    }

    public String table() { return table; }
    public long read() { return read.get(); }
    public long written() { return written.get(); }
    public long merged() { return merged.get(); }
    public long rejected() { return rejected.get(); }

    public void addRead(long n) { read.addAndGet(n); }
    void addWritten() { written.incrementAndGet(); }
    void addMerged() { merged.incrementAndGet(); }
    void addRejected() { rejected.incrementAndGet(); }

    /** The accounting identity: every row read is written, merged into another, or rejected. */
    public boolean balanced() {
        return read() == written() + merged() + rejected();
    }
}
