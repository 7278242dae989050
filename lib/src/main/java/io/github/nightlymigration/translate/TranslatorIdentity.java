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

    /** As a translator file records it (no entries for none). */
    static java.util.Map<String, String> metadata(TranslatorIdentity identity) {
        return identity == null ? java.util.Map.of() : java.util.Map.of("installation", identity.installation.toString(),
                "generation", Long.toString(identity.generation));
    }

    /** From what a translator file records; null when it records none (a file written before identities). */
    static TranslatorIdentity of(java.util.Map<String, String> metadata) {
        String installation = metadata.get("installation");
        String generation = metadata.get("generation");
        return installation == null || generation == null ? null
                : new TranslatorIdentity(UUID.fromString(installation), Long.parseLong(generation));
    }

    public String describe() {
        return "installation " + installation + ", save " + generation;
    }
}
