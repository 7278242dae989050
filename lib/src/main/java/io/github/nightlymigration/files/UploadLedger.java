package io.github.nightlymigration.files;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.nightlymigration.export.AtomicFiles;

/**
 * The local record of what was uploaded to one bucket: per key the source file's size and modification time, its
 * MD5, and the ETag the server returned. With it a re-run recognises unchanged files without reading them again.
 *
 * <p>Kept as a tab-separated file in the state directory; each upload appends one line as soon as it completes
 * (a run killed half-way keeps what it did; a torn last line is ignored), and {@link #close()} rewrites it
 * compactly with one line per key when anything was appended.
 */
final class UploadLedger implements AutoCloseable {

    record Entry(String key, long size, long modifiedMillis, String md5Hex, String etag) {
        String line() {
            return key + "\t" + size + "\t" + modifiedMillis + "\t" + md5Hex + "\t" + etag + "\n";
        }
    }

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private Writer appender;

    private UploadLedger(Path file) {
        this.file = file;
    }

    static UploadLedger open(Path stateDir, String bucket) {
        UploadLedger ledger = new UploadLedger(stateDir.resolve("uploaded-" + bucket + ".tsv"));
        try {
            Files.createDirectories(stateDir);
            if (Files.exists(ledger.file)) {
                for (String line : Files.readAllLines(ledger.file, StandardCharsets.UTF_8)) {
                    ledger.parse(line).ifPresent(e -> ledger.entries.put(e.key(), e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read upload ledger " + ledger.file + ": " + e.getMessage(), e);
        }
        return ledger;
    }

    private Optional<Entry> parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized void record(Entry entry) {
        entries.put(entry.key(), entry);
        try {
            if (appender == null) {
                appender = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND), StandardCharsets.UTF_8));
            }
            appender.write(entry.line());
            appender.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to upload ledger " + file + ": " + e.getMessage(), e);
        }
    }

    int size() {
        return entries.size();
    }

    @Override
    public synchronized void close() {
        if (appender == null) {
            return; // nothing recorded: the file is as compact as the last run left it
        }
        try {
            appender.close();
            appender = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close upload ledger " + file + ": " + e.getMessage(), e);
        }
        List<Entry> snapshot = entries.values().stream().sorted(java.util.Comparator.comparing(Entry::key)).toList();
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (Entry e : snapshot) {
                w.write(e.line());
            }
            w.flush();
        });
    }
}
