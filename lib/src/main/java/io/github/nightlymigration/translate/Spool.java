package io.github.nightlymigration.translate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Tonight's new translations of one merged kind, on disk beside the translator: a first night hands
 * out every id, more than the heap should hold. Written in key order while the run goes, read back
 * once when the translator is saved, removed after. Nothing reads a spool left by a killed run.
 */
final class Spool implements AutoCloseable {
    private final Path path;
    private final IdKind kind;
    private final SortedSet<String> parts = new TreeSet<>();
    private DataOutputStream out;
    private long count;

    Spool(Path translator, IdKind kind) {
        this.path = pathFor(translator, kind);
        this.kind = kind;
    }

    static Path pathFor(Path translator, IdKind kind) {
        return translator.resolveSibling(translator.getFileName() + ".tonight-" + kind.fileName());
    }

    void add(Entry e) {
        try {
            if (out == null) out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
            out.writeLong(e.oldId());
            if (kind.composite) {
                out.writeUTF(e.part());
                parts.add(e.part());
            }
            if (kind.uuid) {
                out.writeLong(e.uuid().getMostSignificantBits());
                out.writeLong(e.uuid().getLeastSignificantBits());
            } else {
                out.writeLong(e.bigint());
            }
            count++;
        } catch (IOException x) {
            throw new UncheckedIOException("could not write " + path + ": " + x.getMessage(), x);
        }
    }

    long count() {
        return count;
    }

    SortedSet<String> parts() {
        return parts;
    }

    /** The spooled entries, in the order they were added (the spool is complete from here on). */
    Iterator<Entry> entries() {
        if (count == 0) return java.util.Collections.emptyIterator();
        try {
            out.close();
            DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
            return new Iterator<>() {
                private long left = count;

                @Override
                public boolean hasNext() {
                    return left > 0;
                }

                @Override
                public Entry next() {
                    if (left == 0) throw new NoSuchElementException();
                    try {
                        long oldId = in.readLong();
                        String part = kind.composite ? in.readUTF() : null;
                        Entry e = kind.uuid ? new Entry(oldId, part, 0L, new UUID(in.readLong(), in.readLong()))
                                : new Entry(oldId, part, in.readLong(), null);
                        if (--left == 0) in.close();
                        return e;
                    } catch (EOFException x) {
                        throw new IllegalStateException(path + " ended early", x);
                    } catch (IOException x) {
                        throw new UncheckedIOException("could not read " + path + ": " + x.getMessage(), x);
                    }
                }
            };
        } catch (IOException x) {
            throw new UncheckedIOException("could not read " + path + ": " + x.getMessage(), x);
        }
    }

    /** Removes the spool file. */
    @Override
    public void close() {
        try {
            if (out != null) out.close();
            Files.deleteIfExists(path);
        } catch (IOException x) {
            throw new UncheckedIOException("could not remove " + path + ": " + x.getMessage(), x);
        }
    }
}
