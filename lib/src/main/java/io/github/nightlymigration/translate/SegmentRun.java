package io.github.nightlymigration.translate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * One kind's records in one {@link Segment}, read in order through a small buffer with positional
 * reads (several runs share one channel). The checksum and the order are checked as the records
 * go by; the checksum's verdict comes with the last record, so a caller that stops early has
 * trusted only records that were in order.
 */
final class SegmentRun implements Iterator<Entry> {
    private static final int BUFFER = 64 * 1024;
    private final FileChannel channel;
    private final Path file;
    private final IdKind kind;
    private final Segment segment;
    private final int width;
    private final ByteBuffer buffer;
    private final CRC32C crc = new CRC32C();
    private long position;
    private long left;
    private Entry last;

    SegmentRun(FileChannel channel, Path file, IdKind kind, Segment segment) {
        this.channel = channel;
        this.file = file;
        this.kind = kind;
        this.segment = segment;
        this.width = Segment.width(kind);
        this.position = segment.offset()[kind.ordinal()];
        this.left = segment.count()[kind.ordinal()];
        this.buffer = ByteBuffer.allocate((int) Math.min(BUFFER / width * width, Math.max(width, left * width)));
        buffer.limit(0);
    }

    @Override
    public boolean hasNext() {
        return left > 0;
    }

    @Override
    public Entry next() {
        if (left == 0) throw new NoSuchElementException();
        if (!buffer.hasRemaining()) fill();
        Entry entry = decode(buffer, kind, segment.parts(), file);
        if (last != null && Entry.ORDER.compare(last, entry) >= 0) {
            throw new TranslatorDamagedException(file, "has " + kind.fileName() + " translations out of order after old id "
                    + last.oldId(), null);
        }
        last = entry;
        if (--left == 0 && (int) crc.getValue() != segment.crc()[kind.ordinal()]) {
            throw new TranslatorDamagedException(file, "has " + kind.fileName()
                    + " translations that do not match their checksum", null);
        }
        return entry;
    }

    private void fill() {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), left * width));
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position);
                if (n < 0) throw new TranslatorDamagedException(file, "ends inside its " + kind.fileName() + " translations", null);
                position += n;
            }
        } catch (IOException e) {
            throw TranslatorDamagedException.ofRead(file, e);
        }
        buffer.flip();
        crc.update(buffer.duplicate());
    }

    /** One record at the buffer's position. */
    static Entry decode(ByteBuffer in, IdKind kind, List<String> parts, Path file) {
        long oldId = in.getLong();
        String part = null;
        if (kind.composite) {
            int index = in.getInt();
            if (index < 0 || index >= parts.size()) {
                throw new TranslatorDamagedException(file, "has a " + kind.fileName() + " translation with an unknown part", null);
            }
            part = parts.get(index);
        }
        return kind.uuid ? new Entry(oldId, part, 0L, new UUID(in.getLong(), in.getLong()))
                : new Entry(oldId, part, in.getLong(), null);
    }
}
