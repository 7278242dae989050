package io.github.nightlymigration.rules;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The old app's system comments (user_id NULL) and the request_events action each one becomes.
 * A message is one only if the WHOLE text matches exactly: no trimming, so a trailing space or
 * newline makes it a person's comment.
 */
public record AuditMessage(String action, String actorName, String detail) {

    /** {@code mark}: fixed text the pattern requires, a cheap test that skips the regex for most comments. */
    private record Form(Pattern pattern, String action, String mark) {}

    /** Order matters where one text ends like another ("unclaimed" before "claimed"). */
    private static final List<Form> FORMS = List.of(
            new Form(Pattern.compile("(.*) unclaimed this order\\."), "unclaimed", " unclaimed this order."),
            new Form(Pattern.compile("(.*) claimed this order\\."), "claimed", " claimed this order."),
            new Form(Pattern.compile("(.*?) set the order progress to (.*)\\."), "progress_changed",
                    " set the order progress to "),
            new Form(Pattern.compile("(.*) set the order as complete\\."), "completed", " set the order as complete."),
            new Form(Pattern.compile("(.*) set the order as incomplete\\."), "reopened", " set the order as incomplete."),
            new Form(Pattern.compile("(.*) approved this order\\."), "approved", " approved this order."),
            new Form(Pattern.compile("(.*) gave initial approval\\."), "initial_approval", " gave initial approval."));

    /** The audit message this text is, or null when it is not one of the system texts. */
    public static AuditMessage parse(String message) {
        if (message == null) return null;
        for (Form form : FORMS) {
            if (!message.contains(form.mark)) continue;
            Matcher m = form.pattern.matcher(message);
            if (m.matches()) {
                return new AuditMessage(form.action, m.group(1), m.groupCount() > 1 ? m.group(2) : null);
            }
        }
        return null;
    }
}
