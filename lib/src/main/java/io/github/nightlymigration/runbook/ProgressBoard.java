package io.github.nightlymigration.runbook;

import io.github.nightlymigration.Progress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live progress for notebooks: one bar per step, with what the running step is busy with. Pass it as the
 * {@link Progress} of a long call, show it with {@code String id = display(board)} and redisplay it from
 * {@link #onChange} ({@code updateDisplay(id, board)}; at most once a second, at each step's start and end, every
 * {@value #TICK_SECONDS} s while a step runs, and when the work ends).
 * <p>
 * Its head says "running since 01:02, last update 01:05:33" while the work runs and how it ended once it has
 * (published, refused, failed, stopped): a board frozen by a restarted kernel, or reopened from an autosave,
 * shows the time it stopped moving and never reads as a finished run. Its text, which a cron log gets, has one
 * short line per finished step, so a log that prints each new line once reads as a list of steps.
 */
public final class ProgressBoard implements Progress, Displayable {
    private static final int TICK_SECONDS = 2;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private record State(long done, long total, String doing, long startedNanos, long finishedNanos) {
        boolean finished() {
            return finishedNanos != 0;
        }
    }

    private record End(Ending how, String message, Instant at) {}

    private final Map<String, State> steps = new LinkedHashMap<>();
    private final Object notifying = new Object();
    private Runnable listener = () -> { };
    private Instant startedAt;
    private Instant lastUpdate;
    private End end;
    private long lastNotified;
    private ScheduledExecutorService ticker;

    public ProgressBoard onChange(Runnable listener) {
        this.listener = listener;
        return this;
    }

    @Override
    public void update(String step, long done, long total) {
        update(step, done, total, "");
    }

    @Override
    public void update(String step, long done, long total, String doing) {
        boolean finished = done == total;
        long now = System.nanoTime();
        State before;
        synchronized (this) {
            if (startedAt == null) startTicking();
            before = steps.get(step);
            long started = before == null ? now : before.startedNanos;
            steps.put(step, new State(done, total, doing == null ? "" : doing, started, finished ? now : 0));
        }
        long nowMillis = System.currentTimeMillis();
        if (finished || before == null || nowMillis - lastNotified >= 1000) { // a new step shows at once
            lastNotified = nowMillis;
            notifyListener();
        }
    }

    @Override
    public void ended(Ending how, String message) {
        synchronized (this) {
            end = new End(how, message, Instant.now());
            if (ticker != null) ticker.shutdownNow();
        }
        notifyListener();
    }

    /** A step running long without updates (one index build) still moves the clock, so the board visibly lives. */
    private void startTicking() {
        startedAt = Instant.now();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress-board-tick");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(() -> {
            try {
                notifyListener();
            } catch (RuntimeException displayGone) { // the cell ended without saying how: nothing more to show
                ticker.shutdown();
            }
        }, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
    }

    /** One notification at a time: a kernel's display channel is not made for several threads at once. */
    private void notifyListener() {
        synchronized (notifying) {
            synchronized (this) {
                lastUpdate = Instant.now();
            }
            listener.run();
        }
    }

    /** One line per finished step (the HTML shows the running one), then how the work ended. */
    @Override
    public synchronized String toString() {
        StringBuilder out = new StringBuilder();
        steps.forEach((step, s) -> {
            if (s.finished()) {
                out.append(String.format("%s: %,d done in %.1f s%n", step, s.done, (s.finishedNanos - s.startedNanos) / 1e9));
            }
        });
        if (end != null) out.append(endLine()).append('\n');
        return out.isEmpty() ? "progress: started" : out.toString().stripTrailing();
    }

    public synchronized String toHtml() {
        StringBuilder out = new StringBuilder("<div class=\"runbook-progress\">");
        out.append(end == null ? "<p style=\"color:#555\">" + TableHtml.escape(runningLine()) + "</p>"
                : String.format("<p style=\"font-weight:bold;color:%s\">%s</p>", colour(end.how),
                        TableHtml.escape(endLine())));
        out.append("<table>");
        long now = System.nanoTime();
        steps.forEach((step, s) -> {
            String doing = s.finished() ? String.format("%.1f s", (s.finishedNanos - s.startedNanos) / 1e9)
                    : end != null ? "" : String.format("%s%.0f s", s.doing.isEmpty() ? "" : s.doing + " · ",
                            (now - s.startedNanos) / 1e9);
            out.append(String.format(
                    "<tr><td style=\"text-align:left\">%s</td><td><progress value=\"%d\" max=\"%d\"></progress></td>"
                            + "<td style=\"text-align:right\">%,d / %,d</td><td style=\"text-align:left;color:#555\">%s</td></tr>",
                    TableHtml.escape(step), s.done, Math.max(s.total, 1), s.done, s.total, TableHtml.escape(doing)));
        });
        if (steps.isEmpty() && end == null) out.append("<tr><td>starting…</td></tr>");
        return out.append("</table></div>").toString();
    }

    private String runningLine() {
        if (startedAt == null) return "starting…";
        return "running since " + HH_MM.format(startedAt) + ", last update " + HH_MM_SS.format(lastUpdate == null ? startedAt : lastUpdate);
    }

    /** "stopped by the operator: ... (at 01:05:40, started 01:02)". */
    private String endLine() {
        String message = end.message == null || end.message.isBlank() ? end.how.label()
                : end.message.startsWith(end.how.label()) ? end.message : end.how.label() + ": " + end.message;
        return message + " (at " + HH_MM_SS.format(end.at) + (startedAt == null ? "" : ", started " + HH_MM.format(startedAt)) + ")";
    }

    private static String colour(Ending how) {
        return switch (how) {
            case PUBLISHED, FINISHED -> "#2a7a2a";
            case REFUSED, STOPPED -> "#a65e00";
            case FAILED -> "#b00";
        };
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", toString());
        bundle.put("text/html", toHtml());
        return bundle;
    }
}
