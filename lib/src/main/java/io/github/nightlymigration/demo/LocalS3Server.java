package io.github.nightlymigration.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3 API server in this JVM (s3proxy) on 127.0.0.1 with fixed test credentials. For tests and the demo: it can be
 * stopped and restarted on the same port with the same store, to play an outage.
 *
 * <p>{@link #start(Path)}, the default, stores objects as files under a directory (s3proxy's filesystem backend).
 * {@link #inMemory()} keeps them in this JVM's heap instead (s3proxy's transient backend, an in-memory file system):
 * same S3 API and the same code answering it, but no file system calls; nothing on disk, gone once the JVM exits,
 * and the heap must hold every object. The files benchmark offers both, to separate the client's cost from the disk
 * backend's.
 */
public final class LocalS3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "local-test-access-key";
    /** A test credential for a server bound to loopback; never a real secret. */
    public static final String SECRET_KEY = "local-test-secret-key";

    /** Null for an in-memory server. */
    private final Path storeDir;
    private final BlobStore store;
    private final int port;
    private S3Proxy proxy;

    private LocalS3Server(Path storeDir, BlobStore store, int port) {
        this.storeDir = storeDir;
        this.store = store;
        this.port = port;
    }

    /** Starts on a free port, keeping objects under {@code storeDir} (created if needed, reused if present). */
    public static LocalS3Server start(Path storeDir) throws IOException {
        Files.createDirectories(storeDir);
        Path absolute = storeDir.toAbsolutePath();
        return started(new LocalS3Server(absolute, new FilesystemNio2BlobStore(absolute.toString()), freePort()));
    }

    /**
     * Starts on a free port, keeping objects in this JVM's heap (an empty store, at most 4 GiB: the in-memory file
     * system's default size). A {@link #restart()} keeps them; closing the server does not free them, deleting the
     * buckets does ({@link #deleteBucket(String)}).
     */
    public static LocalS3Server inMemory() throws IOException {
        return started(new LocalS3Server(null, new TransientNio2BlobStore(), freePort()));
    }

    private static LocalS3Server started(LocalS3Server server) throws IOException {
        server.startProxy();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private synchronized void startProxy() throws IOException {
        S3Proxy started = S3Proxy.builder()
                .blobStore(store)
                .endpoint(endpoint())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // The SDK's multipart client sends x-amz-mp-object-size, which s3proxy would refuse with 501.
                .ignoreUnknownHeaders(true)
                .build();
        try {
            started.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(started.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("s3proxy did not start on " + endpoint() + " within 10 s");
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("s3proxy failed to start on " + endpoint() + ": " + e.getMessage(), e);
        }
        proxy = started;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The directory holding the objects; empty for an {@linkplain #inMemory() in-memory} server. */
    public Optional<Path> storeDir() {
        return Optional.ofNullable(storeDir);
    }

    public synchronized boolean isRunning() {
        return proxy != null;
    }

    /** Creates the bucket if it does not exist yet. */
    public void createBucket(String name) {
        if (!store.containerExists(name)) {
            store.createContainer(name);
        }
    }

    /** Deletes the bucket and every object in it, if it exists: frees the heap an in-memory server holds for it. */
    public void deleteBucket(String name) {
        if (store.containerExists(name)) {
            store.deleteContainer(name);
        }
    }

    /** Environment for {@code SyncSettings.fromEnv}: endpoint, bucket, region and this server's credentials. */
    public Map<String, String> clientEnv(String bucket) {
        return Map.of("MIGRATOR_S3_ENDPOINT", endpoint().toString(), "MIGRATOR_S3_BUCKET", bucket,
                "MIGRATOR_S3_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** Stops serving; the store stays (on disk, or in the heap). Connections in flight fail, as in a real outage. */
    public synchronized void stop() throws IOException {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IOException("s3proxy did not stop cleanly: " + e.getMessage(), e);
        } finally {
            proxy = null;
        }
    }

    /** Serves again on the same port with the same store. */
    public synchronized void restart() throws IOException {
        stop();
        startProxy();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
