package io.github.nightlymigration.translate;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One night's translations in the file: per kind a sorted run of fixed-width records, then this
 * trailer describing them. The first segment is the base (everything, as of the last compaction);
 * each later one holds only the ids its night handed out or re-pointed, and names the previous
 * trailer, so the header needs to point at the newest trailer only.
 *
 * <p>Records: old id (8 bytes), for composite kinds the part as an index into this segment's
 * sorted {@link #parts} (4), then the uuid (16) or the bigint (8). Fixed width makes a point
 * lookup a binary search; the sorted dictionary keeps index order equal to {@link Entry#ORDER}.
 */
record Segment(long previousTrailer, int previousLength, List<String> parts, long[] offset, long[] count, int[] crc,
        long[] highWater, Map<String, String> metadata) {
    private static final int MAGIC = 0x4e4d5347; // "NMSG"
    static final int KINDS = IdKind.values().length;

    static int width(IdKind kind) {
        return 8 + (kind.composite ? 4 : 0) + (kind.uuid ? 16 : 8);
    }

    long bytes(IdKind kind) {
        return count[kind.ordinal()] * width(kind);
    }

    long entries() {
        long sum = 0;
        for (long c : count) sum += c;
        return sum;
    }

    /** The trailer's bytes, a CRC-32C of them last. */
    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeLong(previousTrailer);
            out.writeInt(previousLength);
            out.writeInt(parts.size());
            for (String part : parts) out.writeUTF(part);
            for (int k = 0; k < KINDS; k++) {
                out.writeLong(offset[k]);
                out.writeLong(count[k]);
                out.writeInt(crc[k]);
                out.writeLong(highWater[k]);
            }
            out.writeInt(metadata.size());
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            CRC32C sum = new CRC32C();
            sum.update(bytes.toByteArray());
            out.writeInt((int) sum.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a trailer, refusing one whose checksum or shape is wrong, or whose runs lie outside {@code [start, end)}. */
    static Segment decode(ByteBuffer buffer, Path file, long end) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (bytes.length < 8) throw new TranslatorDamagedException(file, "has a truncated segment trailer", null);
        CRC32C sum = new CRC32C();
        sum.update(bytes, 0, bytes.length - 4);
        if ((int) sum.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new TranslatorDamagedException(file, "has a segment trailer that does not match its checksum", null);
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) throw new TranslatorDamagedException(file, "has no segment trailer where its header points", null);
            long previous = in.readLong();
            int previousLength = in.readInt();
            List<String> parts = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) parts.add(in.readUTF());
            long[] offset = new long[KINDS];
            long[] count = new long[KINDS];
            int[] crc = new int[KINDS];
            long[] high = new long[KINDS];
            for (int k = 0; k < KINDS; k++) {
                offset[k] = in.readLong();
                count[k] = in.readLong();
                crc[k] = in.readInt();
                high[k] = in.readLong();
                if (count[k] < 0 || offset[k] < 0 || offset[k] + count[k] * width(IdKind.values()[k]) > end) {
                    throw new TranslatorDamagedException(file, "has a segment trailer pointing outside the file", null);
                }
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) metadata.put(in.readUTF(), in.readUTF());
            return new Segment(previous, previousLength, Collections.unmodifiableList(parts), offset, count, crc, high,
                    Collections.unmodifiableMap(metadata));
        } catch (IOException e) {
            throw new TranslatorDamagedException(file, "has a malformed segment trailer (" + e + ")", e);
        }
    }
}
