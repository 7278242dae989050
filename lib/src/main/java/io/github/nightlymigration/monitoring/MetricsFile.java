package io.github.nightlymigration.monitoring;

import io.github.nightlymigration.export.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * A command's {@code .prom} file for node_exporter's textfile collector, replaced whole: written to a temporary
 * file in the same directory (its name does not end in {@code .prom}, so the collector never reads it half
 * written) and renamed over the old one.
 */
final class MetricsFile {
    private MetricsFile() {}

    static void write(Path file, PromText metrics) {
        AtomicFiles.writeString(file, metrics.render());
    }

    /** The last success recorded in the previous file, which a failed night keeps. */
    static OptionalDouble lastSuccess(Path file) {
        if (!Files.isRegularFile(file)) return OptionalDouble.empty();
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith(CommandMetrics.LAST_SUCCESS + "{") || line.startsWith(CommandMetrics.LAST_SUCCESS + " "))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return OptionalDouble.empty(); // an unreadable old file only loses the previous success time
        }
    }
}
