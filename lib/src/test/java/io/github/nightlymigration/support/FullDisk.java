package io.github.nightlymigration.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real small file system (a tmpfs, mounted as root) that a test fills to the last byte: writes then fail
 * with the kernel's own "No space left on device", as on a full disk. Skips the test when not root.
 */
public final class FullDisk implements AutoCloseable {
    private final Path mountPoint;

    private FullDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code size} (e.g. "4m") on an empty directory. */
    public static FullDisk mount(Path emptyDir, String size) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", emptyDir.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here: " + output);
        return new FullDisk(emptyDir);
    }

    public Path path() {
        return mountPoint;
    }

    /** Writes a filler file until the file system refuses, so the next write of any file fails. */
    public void fill() {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve("filler"))) {
            while (true) out.write(chunk);
        } catch (IOException full) {
            // No space left on device: what this was for
        }
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve("filler-tail"))) {
            while (true) out.write(chunk, 0, 1); // unbuffered: the last partial page too
        } catch (IOException full) {
            // full to the byte
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
