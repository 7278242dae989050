package io.github.nightlymigration.translate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The translator file: a chain of {@link Segment}s (a base, then one per night that handed out
 * ids) after a header that names the newest one. Saving a night appends its segment past the
 * committed end, fsyncs it, then writes the header into the slot the current header does not
 * use and fsyncs again: a kill before that second fsync leaves the previous header (and the
 * bytes after its end are ignored and later overwritten); a torn header write fails its
 * checksum and the other slot, the previous state, is used. So a night costs what it handed out.
 * When the nights outgrow a tenth of the base, or the chain gets long, the whole translator is
 * written beside the file, fsynced and renamed over it (a compaction; also the first night and a
 * restore). Readers see one complete translator: the one committed when they opened the file.
 */
final class TranslatorFile implements StoredTranslations {
    static final int FORMAT = 2;
    private static final long MAGIC = 0x4e4d5452414e5332L; // "NMTRANS2"
    private static final int SLOT_SPACING = 512; // each header slot in its own disk sector, after the file's magic
    private static final int SLOT_BYTES = 40;
    private static final long DATA_START = 4096;
    private static final int MAX_SEGMENTS = 16;
    /** The first byte of a MapDB store (its FILE_HEADER): the translator of earlier versions. Ours is 'N'. */
    private static final byte MAPDB_FILE_HEADER = 74;

    private final Path file;
    private final FileChannel channel;
    private final Header header;
    private final List<Segment> segments; // oldest (the base) first

    private record Header(long generation, long end, long trailerOffset) {}

    /** A save's content: per kind the entries in key order, every part they use (sorted), marks and metadata. */
    record Contents(Map<IdKind, Iterator<Entry>> entries, List<String> parts, long[] highWater,
            Map<String, String> metadata) {}

    private TranslatorFile(Path file, FileChannel channel, Header header, List<Segment> segments) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.segments = segments;
    }

    /** The published translator, or null when there is none; either format; damage is thrown as such. */
    static StoredTranslations open(Path file) {
        if (!Files.exists(file)) return null;
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (size == 0) throw new TranslatorDamagedException(file, "is empty", null);
            ByteBuffer first = ByteBuffer.allocate(1);
            channel.read(first, 0);
            if (first.get(0) == MAPDB_FILE_HEADER) { // only then are MapDB's classes (and its lz4) loaded
                channel.close();
                return MapDbTranslatorFile.open(file);
            }
            Header header = header(channel, file, size);
            return new TranslatorFile(file, channel, header, chain(channel, file, header));
        } catch (IOException e) {
            close(channel);
            throw TranslatorDamagedException.ofRead(file, e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    @Override
    public long count(IdKind kind) {
        long sum = 0;
        for (Segment s : segments) sum += s.count()[kind.ordinal()];
        return sum;
    }

    @Override
    public long highWater(IdKind kind) {
        return newest().highWater()[kind.ordinal()];
    }

    @Override
    public Map<String, String> metadata() {
        return newest().metadata();
    }

    @Override
    public Iterator<Entry> entries(IdKind kind) {
        List<Iterator<Entry>> runs = new ArrayList<>();
        for (Segment s : segments) {
            if (s.count()[kind.ordinal()] > 0) runs.add(new SegmentRun(channel, file, kind, s));
        }
        return runs.isEmpty() ? Collections.emptyIterator() : NewestWins.of(runs);
    }

    @Override
    public List<Entry> entriesOf(IdKind kind, long oldId) {
        Map<String, Entry> byPart = new LinkedHashMap<>();
        for (int s = segments.size() - 1; s >= 0; s--) {
            for (Entry e : search(segments.get(s), kind, oldId)) byPart.putIfAbsent(e.part(), e);
        }
        List<Entry> found = new ArrayList<>(byPart.values());
        found.sort(Entry.ORDER);
        return found;
    }

    /** True when a save adding {@code newEntries} should rewrite the whole file rather than append a segment. */
    boolean compactionDue(long newEntries) {
        long base = segments.get(0).entries();
        long deltas = newEntries;
        for (Segment s : segments.subList(1, segments.size())) deltas += s.entries();
        return segments.size() >= MAX_SEGMENTS || deltas * 10 > base;
    }

    /** Every part the stored segments use. */
    List<String> parts() {
        List<String> all = new ArrayList<>();
        segments.forEach(s -> all.addAll(s.parts()));
        return all;
    }

    /** Appends one night's segment and commits it by the header (see the class comment). */
    void append(Contents contents) {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            SegmentWriter writer = new SegmentWriter(out, header.end(), contents.parts());
            for (IdKind kind : IdKind.values()) writer.write(kind, entriesOf(contents, kind));
            SegmentWriter.Written written = writer.finish(header.trailerOffset(),
                    (int) (header.end() - header.trailerOffset()), contents.highWater(), contents.metadata());
            out.truncate(written.end()); // bytes a killed save left past the old end
            out.force(true);
            writeHeader(out, new Header(header.generation() + 1, written.end(), written.trailerOffset()));
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write translator " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a whole translator beside {@code file}, fsyncs it and renames it over {@code file}. */
    static void write(Path file, Contents contents) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(next); // left by a save that was killed
            try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                SegmentWriter writer = new SegmentWriter(out, DATA_START, contents.parts());
                for (IdKind kind : IdKind.values()) writer.write(kind, entriesOf(contents, kind));
                SegmentWriter.Written written = writer.finish(-1, 0, contents.highWater(), contents.metadata());
                ByteBuffer magic = ByteBuffer.allocate(12).putLong(MAGIC).putInt(FORMAT).flip(); // never rewritten
                while (magic.hasRemaining()) out.write(magic, magic.position());
                writeHeader(out, new Header(1, written.end(), written.trailerOffset()));
                out.force(true);
            }
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write translator " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        close(channel);
    }

    private Segment newest() {
        return segments.get(segments.size() - 1);
    }

    private static Iterator<Entry> entriesOf(Contents contents, IdKind kind) {
        return contents.entries().getOrDefault(kind, Collections.emptyIterator());
    }

    /** The records of one old id in one segment: a binary search on the fixed-width records. */
    private List<Entry> search(Segment segment, IdKind kind, long oldId) {
        int width = Segment.width(kind);
        long base = segment.offset()[kind.ordinal()];
        long lo = 0;
        long hi = segment.count()[kind.ordinal()];
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (read(base + mid * width, 8).getLong() < oldId) lo = mid + 1;
            else hi = mid;
        }
        List<Entry> found = new ArrayList<>();
        for (long i = lo; i < segment.count()[kind.ordinal()]; i++) {
            Entry e = SegmentRun.decode(read(base + i * width, width), kind, segment.parts(), file);
            if (e.oldId() != oldId) break;
            found.add(e);
        }
        return found;
    }

    private ByteBuffer read(long position, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new TranslatorDamagedException(file, "ends where its index points", null);
                }
            }
        } catch (IOException e) {
            throw TranslatorDamagedException.ofRead(file, e);
        }
        return buffer.flip();
    }

    /** The newest header slot whose checksum holds; refused if none does or it points past the end. */
    private static Header header(FileChannel channel, Path file, long size) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(12);
        channel.read(magic, 0);
        if (magic.getLong(0) != MAGIC || magic.getInt(8) != FORMAT) {
            throw new TranslatorDamagedException(file, "is not a translator file of format " + FORMAT, null);
        }
        Header best = null;
        for (int slot = 1; slot <= 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(SLOT_BYTES);
            channel.read(b, (long) slot * SLOT_SPACING);
            b.flip();
            if (b.remaining() < SLOT_BYTES || b.getLong(0) != MAGIC || b.getInt(8) != FORMAT) continue;
            CRC32C crc = new CRC32C();
            crc.update(b.array(), 0, SLOT_BYTES - 4);
            if ((int) crc.getValue() != b.getInt(SLOT_BYTES - 4)) continue; // torn by a kill: the other slot holds
            Header h = new Header(b.getLong(12), b.getLong(20), b.getLong(28));
            if (best == null || h.generation() > best.generation()) best = h;
        }
        if (best == null) throw new TranslatorDamagedException(file, "has no intact header", null);
        if (best.end() > size || best.trailerOffset() < DATA_START || best.trailerOffset() >= best.end()) {
            throw new TranslatorDamagedException(file, "is shorter than its header says (" + size + " of " + best.end()
                    + " bytes): truncated", null);
        }
        return best;
    }

    private static void writeHeader(FileChannel out, Header h) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SLOT_BYTES);
        b.putLong(MAGIC).putInt(FORMAT).putLong(h.generation()).putLong(h.end()).putLong(h.trailerOffset());
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, SLOT_BYTES - 4);
        b.putInt((int) crc.getValue()).flip();
        long at = (1 + h.generation() % 2) * SLOT_SPACING;
        while (b.hasRemaining()) at += out.write(b, at);
    }

    private static List<Segment> chain(FileChannel channel, Path file, Header header) throws IOException {
        List<Segment> newestFirst = new ArrayList<>();
        long offset = header.trailerOffset();
        long length = header.end() - offset;
        while (offset >= 0) {
            if (newestFirst.size() > MAX_SEGMENTS || offset < DATA_START || length <= 0 || length > 1 << 20) {
                throw new TranslatorDamagedException(file, "has a broken chain of segments", null);
            }
            ByteBuffer b = ByteBuffer.allocate((int) length);
            channel.read(b, offset);
            Segment s = Segment.decode(b.flip(), file, offset);
            newestFirst.add(s);
            offset = s.previousTrailer();
            length = s.previousLength();
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static void close(FileChannel channel) {
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
