package io.github.nightlymigration.bench;

import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The translator file at a given size, shaped like the migration's (a tenth users/requests, the
 * rest bigint kinds): time to save it, time to open it and the heap it holds.
 *
 * <pre>TranslatorBench [ENTRIES]   (scale 1 is about 1.26 million, scale 10 about 12 million)</pre>
 */
public final class TranslatorBench {
    private TranslatorBench() {}

    public static void main(String[] args) throws Exception {
        long entries = args.length > 0 ? Long.parseLong(args[0]) : 1_260_000;
        Path file = Files.createTempDirectory("translator-bench").resolve("translator.db");
        IdTranslator ids = new IdTranslator();
        for (long i = 1; i <= entries / 20; i++) ids.uuid(IdKind.REQUEST, i);
        for (long i = 1; i <= entries - entries / 20; i++) ids.bigint(IdKind.COMMENT, i);
        long t0 = System.nanoTime();
        ids.save(file);
        double save = (System.nanoTime() - t0) / 1e9;
        ids = null;
        System.gc();
        t0 = System.nanoTime();
        IdTranslator opened = IdTranslator.open(file);
        double open = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf(Locale.ROOT, "%,d entries: save %.2f s, open %.2f s, file %,d MB, heap after open %,d MB (%d)%n",
                entries, save, open, Files.size(file) >> 20, heap >> 20, opened.size(IdKind.COMMENT));
        Files.delete(file);
    }
}
