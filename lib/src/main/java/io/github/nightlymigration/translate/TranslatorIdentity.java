package io.github.nightlymigration.translate;

import java.util.UUID;

/**
 * Which translator this is: the installation it was first created by (random, kept for life) and how many times
 * it has been saved. Each publish records it in the new database too, so the next run can tell its own
 * translator from another installation's ({@code installation} differs) or an older backup of its own (a lower
 * {@code generation} than the database last saw) exactly, whatever the new app wrote in between.
 */
public record TranslatorIdentity(UUID installation, long generation) {
    /** The identity the next save gives: the same installation, one generation on (a new one for a translator without). */
    public static TranslatorIdentity after(TranslatorIdentity previous) {
        return previous == null ? new TranslatorIdentity(UUID.randomUUID(), 1) :
                new TranslatorIdentity(previous.installation, previous.generation + 1);
    }

    public String describe() {
        return "installation " + installation + ", save " + generation;
    }
}
