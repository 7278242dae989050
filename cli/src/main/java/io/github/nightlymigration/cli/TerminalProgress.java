package io.github.nightlymigration.cli;

import io.github.nightlymigration.Progress;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress for commands: a bar per step on a terminal; on cron or CI (no console) a plain log
 * line at most every 10 seconds and at each step's end.
 */
final class TerminalProgress implements Progress, AutoCloseable {
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;
    private String step;
    private long lastLine;

    @Override
    public void update(String step, long done, long total) {
        update(step, done, total, "");
    }

    @Override
    public synchronized void update(String step, long done, long total, String doing) {
        if (terminal) {
            if (!step.equals(this.step)) {
                close();
                bar = new ProgressBarBuilder().setTaskName(step).setInitialMax(Math.max(total, 0))
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().build();
            }
            bar.stepTo(done);
            bar.setExtraMessage(doing);
        } else {
            long now = System.nanoTime();
            if (!step.equals(this.step) || done == total || now - lastLine > Duration.ofSeconds(10).toNanos()) {
                System.err.printf("%s: %,d of %,d%s%n", step, done, total, doing.isEmpty() ? "" : " (" + doing + ")");
                lastLine = now;
            }
        }
        this.step = step;
    }

    @Override
    public synchronized void close() {
        if (bar != null) bar.close();
        bar = null;
    }
}
