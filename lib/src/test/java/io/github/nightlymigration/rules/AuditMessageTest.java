package io.github.nightlymigration.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The system texts read by string tests agree with the patterns the spec gives them, whole-text matches in this
 * order, on texts made of their own pieces, near misses, other lines and other line terminators.
 */
class AuditMessageTest {
    /** The spec's texts as the regular expressions the rule used before: the oracle. */
    private static final List<Object[]> PATTERNS = List.of(
            new Object[] {Pattern.compile("(.*) unclaimed this order\\."), "unclaimed"},
            new Object[] {Pattern.compile("(.*) claimed this order\\."), "claimed"},
            new Object[] {Pattern.compile("(.*?) set the order progress to (.*)\\."), "progress_changed"},
            new Object[] {Pattern.compile("(.*) set the order as complete\\."), "completed"},
            new Object[] {Pattern.compile("(.*) set the order as incomplete\\."), "reopened"},
            new Object[] {Pattern.compile("(.*) approved this order\\."), "approved"},
            new Object[] {Pattern.compile("(.*) gave initial approval\\."), "initial_approval"});
    private static final String[] PIECES = {"Ana", "Ng", " ", "", ".", "x", " claimed this order.", " unclaimed this order.",
        "claimed this order.", " set the order progress to ", " set the order progress to", "Proofing", " set the order as complete.",
        " set the order as incomplete.", " approved this order.", " gave initial approval.", "\n", "\r\n", "\u2028", "\u0085", "\t", "é"};

    @Test
    void agreesWithTheSpecsPatterns() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(6); n >= 0; n--) text.append(PIECES[random.nextInt(PIECES.length)]);
            String message = text.toString();
            assertEquals(oracle(message), AuditMessage.parse(message), () -> "'" + message.replace("\n", "\\n") + "'");
        }
    }

    @Test
    void theExamplesOfTheSpec() {
        assertEquals(new AuditMessage("progress_changed", "Ana Ng", "Proofing. Then printing"),
                AuditMessage.parse("Ana Ng set the order progress to Proofing. Then printing."));
        assertEquals(new AuditMessage("claimed", "", null), AuditMessage.parse(" claimed this order."));
        assertEquals(null, AuditMessage.parse("Ana Ng claimed this order. "));
        assertEquals(null, AuditMessage.parse("Ana\nNg claimed this order."));
    }

    private static AuditMessage oracle(String message) {
        for (Object[] p : PATTERNS) {
            Matcher m = ((Pattern) p[0]).matcher(message);
            if (m.matches()) return new AuditMessage((String) p[1], m.group(1), m.groupCount() > 1 ? m.group(2) : null);
        }
        return null;
    }
}
