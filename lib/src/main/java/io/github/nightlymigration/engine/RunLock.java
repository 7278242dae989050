package io.github.nightlymigration.engine;

import io.github.nightlymigration.MigratorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One run at a time per state directory: an OS file lock, so it is released when the holder
 * dies, however it dies. The holder writes who it is into the lock file for the next one's message.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or throws (exit code 75) naming the holder. */
    public static RunLock acquire(Path stateDir, String purpose) {
        Path file = stateDir.resolve("migrator.lock");
        try {
            Files.createDirectories(stateDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                String holder = readHolder(file);
                throw new MigratorException(MigratorException.LOCKED, "another run holds the lock " + file + ": "
                        + (holder.isEmpty() ? "holder unknown" : holder) + "; try again when it has finished");
            }
            // Write, then cut to length: a reader never sees the file empty between two holders.
            byte[] who = (purpose + " by " + ManagementFactory.getRuntimeMXBean().getName()
                    + " since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
            channel.write(ByteBuffer.wrap(who), 0);
            channel.truncate(who.length);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            throw new MigratorException(MigratorException.CONFIGURATION,
                    "cannot use the state directory " + stateDir.toAbsolutePath() + ": " + e, e);
        }
    }

    /**
     * The holder's line. A holder that has just taken the lock may not have written it yet (two
     * runs started by the same cron minute): wait for it briefly rather than say "holder unknown".
     */
    private static String readHolder(Path file) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!holder.isEmpty() || attempt == 20) return holder;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return holder;
            }
        }
    }

    /** Who holds the lock now ("migration by 1234@host since ..."), or null when it is free. */
    public static String holder(Path stateDir) {
        try (RunLock probe = acquire(stateDir, "preflight probe")) {
            return null;
        } catch (MigratorException e) {
            if (e.exitCode() != MigratorException.LOCKED) throw e;
            return e.getMessage();
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
