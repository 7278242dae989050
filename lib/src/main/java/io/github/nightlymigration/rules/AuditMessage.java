package io.github.nightlymigration.rules;

import java.util.List;

/**
 * The old app's system comments (user_id NULL) and the request_events action each one becomes.
 * A message is one only if the WHOLE text is "{actor}{ending}" for one of the endings below, the actor
 * (and a progress's detail) on one line: no trimming, so a trailing space or newline makes it a person's comment.
 * Read with a few string tests per comment rather than a regular expression: this runs for every comment.
 */
public record AuditMessage(String action, String actorName, String detail) {

    /**
     * {@code text}: what follows the actor, to the end of the message; or, with {@code detailFollows}, what follows
     * it at its first occurrence (the actor is the shortest name that fits), then the detail and a ".".
     */
    private record Form(String text, String action, boolean detailFollows) {}

    /** Order matters where one text ends like another ("unclaimed" before "claimed"). */
    private static final List<Form> FORMS = List.of(
            new Form(" unclaimed this order.", "unclaimed", false),
            new Form(" claimed this order.", "claimed", false),
            new Form(" set the order progress to ", "progress_changed", true),
            new Form(" set the order as complete.", "completed", false),
            new Form(" set the order as incomplete.", "reopened", false),
            new Form(" approved this order.", "approved", false),
            new Form(" gave initial approval.", "initial_approval", false));

    /** The audit message this text is, or null when it is not one of the system texts. */
    public static AuditMessage parse(String message) {
        if (message == null || !message.endsWith(".") || spansLines(message)) return null;
        for (Form form : FORMS) {
            if (form.detailFollows) {
                int at = message.indexOf(form.text);
                if (at >= 0) {
                    return new AuditMessage(form.action, message.substring(0, at),
                            message.substring(at + form.text.length(), message.length() - 1));
                }
            } else if (message.endsWith(form.text)) {
                return new AuditMessage(form.action, message.substring(0, message.length() - form.text.length()), null);
            }
        }
        return null;
    }

    /** Java's line terminators, which the old app's texts never hold: {@code .} in its patterns matched none. */
    private static boolean spansLines(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') return true;
        }
        return false;
    }
}
