package io.github.nightlymigration;

/** Progress of long work, for a terminal bar, cron log lines or a notebook's live display. */
@FunctionalInterface
public interface Progress {
    /** {@code total} is -1 when unknown. Called from the working thread; keep it quick. */
    void update(String step, long done, long total);

    Progress NONE = (step, done, total) -> { };
}
