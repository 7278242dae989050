package io.github.nightlymigration.bench;

import io.github.nightlymigration.support.Trees;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The translator alone at a given size, shaped like the migration's (a twentieth requests held
 * in memory, the rest comments merged from the file): a first night (every id new), open, a
 * second night (every lookup finds its stored id: nothing to save) and a third that adds 1% new
 * ids (saved as one appended segment), with the heap it holds. Run it under the heap cap the
 * migration gets: {@code scripts/bench --translator 12000000 --xmx 512m}.
 */
public final class TranslatorBench {
    private TranslatorBench() {}

    public static void main(String[] args) throws Exception {
        HeapWatch heap = HeapWatch.start();
        long entries = args.length > 0 ? Long.parseLong(args[0]) : 1_260_000;
        long requests = entries / 20;
        Path file = Trees.scratch("translator-bench").resolve("translator.db");
        long t0 = System.nanoTime();
        try (IdTranslator ids = IdTranslator.open(file)) {
            night(ids, requests, entries - requests);
            ids.save();
        }
        double first = seconds(t0);
        long firstSize = Files.size(file);
        for (long grow : new long[] {0, entries / 100}) {
            t0 = System.nanoTime();
            IdTranslator ids = IdTranslator.open(file);
            double open = seconds(t0);
            t0 = System.nanoTime();
            night(ids, requests + grow / 20, entries - requests + grow - grow / 20);
            double lookups = seconds(t0);
            t0 = System.nanoTime();
            ids.save();
            double save = seconds(t0);
            System.out.printf(Locale.ROOT, "%s night, %,d new ids: open %.2f s; lookups %.2f s (%.0f ns each);"
                            + " save %.2f s, file +%,d bytes%n", grow == 0 ? "second" : "third", grow, open, lookups,
                    lookups * 1e9 / (entries + grow), save, Files.size(file) - firstSize);
            firstSize = Files.size(file);
        }
        System.out.printf(Locale.ROOT, "%,d entries (%,d in memory): first night %.2f s; file %,d MB; heap after GC at"
                        + " most %,d MB (max %,d MB)%n", entries, requests, first, Files.size(file) >> 20,
                heap.peakAfterGc() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void night(IdTranslator ids, long requests, long comments) {
        for (long i = 1; i <= requests; i++) ids.uuid(IdKind.REQUEST, i);
        for (long i = 1; i <= comments; i++) ids.bigint(IdKind.COMMENT, i);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
