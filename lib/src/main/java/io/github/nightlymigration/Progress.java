package io.github.nightlymigration;

/** Progress of long work, for a terminal bar, cron log lines or a notebook's live display. */
@FunctionalInterface
public interface Progress {
    /** {@code total} is -1 when unknown. Called from the working thread; keep it quick. */
    void update(String step, long done, long total);

    /**
     * The same with what the step is busy with now ("index comments_pkey", "quiet for 40 of 60 s"), for steps
     * whose count alone leaves the operator guessing.
     */
    default void update(String step, long done, long total, String doing) {
        update(step, done, total);
    }

    /** The work is over, and how (called last, once the run lock is released): a board stops looking busy. */
    default void ended(Ending how, String message) { }

    /** How long work ended. */
    enum Ending {
        PUBLISHED, FINISHED, REFUSED, FAILED, STOPPED;

        public String label() {
            return name().toLowerCase();
        }
    }

    Progress NONE = (step, done, total) -> { };
}
