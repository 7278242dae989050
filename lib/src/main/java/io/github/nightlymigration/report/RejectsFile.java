package io.github.nightlymigration.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** rejects.csv of a run: one line per rejected old row, with the reason and the full old row as JSON. */
final class RejectsFile implements AutoCloseable {
    static final String[] HEADER = {"old_table", "old_id", "reason", "old_row"};
    private final CSVPrinter printer;
    private final Path file;

    RejectsFile(Path file) {
        this.file = file;
        try {
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            printer = CSVFormat.RFC4180.builder().setHeader(HEADER).get().print(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized void add(String table, Object oldId, String reason, String oldRowJson) {
        try {
            printer.printRecord(table, oldId, reason, oldRowJson);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            printer.close(true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
