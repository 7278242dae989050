package io.github.nightlymigration.translate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/** Writes one {@link Segment} at a position of a channel: each kind's sorted entries, then the trailer. */
final class SegmentWriter {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final List<String> parts;
    private final Map<String, Integer> partIndex = new HashMap<>();
    private final long[] offset = new long[Segment.KINDS];
    private final long[] count = new long[Segment.KINDS];
    private final int[] crc = new int[Segment.KINDS];
    private long position;

    /** {@code parts}: sorted, every part the composite kinds will bring. */
    SegmentWriter(FileChannel channel, long position, List<String> parts) {
        this.channel = channel;
        this.position = position;
        this.parts = List.copyOf(parts);
        for (int i = 0; i < this.parts.size(); i++) {
            if (i > 0 && this.parts.get(i - 1).compareTo(this.parts.get(i)) >= 0) throw new IllegalArgumentException("parts not sorted");
            partIndex.put(this.parts.get(i), i);
        }
    }

    /** Writes a kind's run; entries must come in strictly ascending {@link Entry#ORDER}. */
    void write(IdKind kind, Iterator<Entry> entries) throws IOException {
        int k = kind.ordinal();
        offset[k] = position + buffer.position();
        CRC32C sum = new CRC32C();
        int width = Segment.width(kind);
        Entry last = null;
        while (entries.hasNext()) {
            Entry e = entries.next();
            if (last != null && Entry.ORDER.compare(last, e) >= 0) {
                throw new IllegalStateException(kind + " translations not in key order at old id " + e.oldId());
            }
            last = e;
            if (buffer.remaining() < width) flush(sum);
            buffer.putLong(e.oldId());
            if (kind.composite) {
                Integer index = partIndex.get(e.part());
                if (index == null) throw new IllegalStateException(kind + " part " + e.part() + " missing from the dictionary");
                buffer.putInt(index);
            }
            if (kind.uuid) {
                buffer.putLong(e.uuid().getMostSignificantBits()).putLong(e.uuid().getLeastSignificantBits());
            } else {
                buffer.putLong(e.bigint());
            }
            count[k]++;
        }
        flush(sum);
        crc[k] = (int) sum.getValue();
    }

    /** Writes the trailer; returns it with where it starts and how long it is. */
    Written finish(long previousTrailer, int previousLength, long[] highWater, Map<String, String> metadata)
            throws IOException {
        Segment segment = new Segment(previousTrailer, previousLength, parts, offset, count, crc, highWater.clone(),
                metadata);
        long at = position + buffer.position();
        byte[] trailer = segment.encode();
        flush(null);
        ByteBuffer out = ByteBuffer.wrap(trailer);
        while (out.hasRemaining()) position += channel.write(out, position);
        return new Written(segment, at, trailer.length);
    }

    record Written(Segment segment, long trailerOffset, int trailerLength) {
        long end() {
            return trailerOffset + trailerLength;
        }
    }

    private void flush(CRC32C sum) throws IOException {
        buffer.flip();
        if (sum != null) sum.update(buffer.duplicate());
        while (buffer.hasRemaining()) position += channel.write(buffer, position);
        buffer.clear();
    }
}
