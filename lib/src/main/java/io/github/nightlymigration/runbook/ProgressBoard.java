package io.github.nightlymigration.runbook;

import io.github.nightlymigration.Progress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A live progress display for notebooks: one bar per step. Pass it as the {@link Progress} of
 * a long call and redisplay it from {@link #onChange} (at most once a second, and at each step's end).
 */
public final class ProgressBoard implements Progress {
    private record State(long done, long total) {}

    private final Map<String, State> steps = new LinkedHashMap<>();
    private Runnable listener = () -> { };
    private long lastNotified;

    public ProgressBoard onChange(Runnable listener) {
        this.listener = listener;
        return this;
    }

    @Override
    public void update(String step, long done, long total) {
        boolean finished;
        synchronized (this) {
            steps.put(step, new State(done, total));
            finished = done == total;
        }
        long now = System.currentTimeMillis();
        if (finished || now - lastNotified >= 1000) {
            lastNotified = now;
            listener.run();
        }
    }

    @Override
    public synchronized String toString() {
        StringBuilder out = new StringBuilder();
        steps.forEach((step, s) -> {
            int width = 30;
            int filled = s.total > 0 ? (int) (width * Math.min(1.0, (double) s.done / s.total)) : 0;
            out.append(String.format("%-24s [%s%s] %,d/%,d%n", step, "#".repeat(filled), " ".repeat(width - filled),
                    s.done, s.total));
        });
        return out.toString();
    }

    public synchronized String toHtml() {
        StringBuilder out = new StringBuilder("<table>");
        steps.forEach((step, s) -> out.append(String.format(
                "<tr><td>%s</td><td><progress value='%d' max='%d'></progress></td><td>%,d / %,d</td></tr>",
                step.replace("<", "&lt;"), s.done, Math.max(s.total, 1), s.done, s.total)));
        return out.append("</table>").toString();
    }
}
