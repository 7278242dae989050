package io.github.nightlymigration.runbook;

import io.github.nightlymigration.Progress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Live progress for notebooks: one bar per step. Pass it as the {@link Progress} of a long call,
 * show it with {@code String id = display(board)} and redisplay it from {@link #onChange}
 * ({@code updateDisplay(id, board)}; at most once a second, and at each step's end).
 * <p>
 * Its HTML is the live board; its text, which a cron log gets, has one short line per finished step,
 * so a log that prints each new line once reads as a list of steps, not the board again at every update.
 */
public final class ProgressBoard implements Progress, Displayable {
    private record State(long done, long total, long startedNanos, long finishedNanos) {
        boolean finished() {
            return finishedNanos != 0;
        }
    }

    private final Map<String, State> steps = new LinkedHashMap<>();
    private Runnable listener = () -> { };
    private long lastNotified;

    public ProgressBoard onChange(Runnable listener) {
        this.listener = listener;
        return this;
    }

    @Override
    public void update(String step, long done, long total) {
        boolean finished = done == total;
        long now = System.nanoTime();
        synchronized (this) {
            State before = steps.get(step);
            long started = before == null ? now : before.startedNanos;
            steps.put(step, new State(done, total, started, finished ? now : 0));
        }
        long nowMillis = System.currentTimeMillis();
        if (finished || nowMillis - lastNotified >= 1000) {
            lastNotified = nowMillis;
            listener.run();
        }
    }

    /** One line per finished step (the HTML shows the running one). */
    @Override
    public synchronized String toString() {
        StringBuilder out = new StringBuilder();
        steps.forEach((step, s) -> {
            if (s.finished()) {
                out.append(String.format("%s: %,d done in %.1f s%n", step, s.done, (s.finishedNanos - s.startedNanos) / 1e9));
            }
        });
        return out.isEmpty() ? "progress: started" : out.toString().stripTrailing();
    }

    public synchronized String toHtml() {
        StringBuilder out = new StringBuilder("<table class=\"runbook-progress\">");
        steps.forEach((step, s) -> out.append(String.format(
                "<tr><td style=\"text-align:left\">%s</td><td><progress value=\"%d\" max=\"%d\"></progress></td>"
                        + "<td style=\"text-align:right\">%,d / %,d</td></tr>",
                TableHtml.escape(step), s.done, Math.max(s.total, 1), s.done, s.total)));
        if (steps.isEmpty()) out.append("<tr><td>starting…</td></tr>");
        return out.append("</table>").toString();
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", toString());
        bundle.put("text/html", toHtml());
        return bundle;
    }
}
