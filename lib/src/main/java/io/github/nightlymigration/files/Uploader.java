package io.github.nightlymigration.files;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Puts files into the bucket; the client is created on the first upload, so a no-change run never builds one. */
final class Uploader implements AutoCloseable {

    private final SyncSettings settings;
    private SdkEventLoopGroup eventLoops;
    private S3AsyncClient s3;

    Uploader(SyncSettings settings) {
        this.settings = settings;
    }

    /**
     * Single PUT with Content-MD5 below the multipart threshold, multipart (parts of {@link S3Clients#PART_SIZE})
     * above.
     *
     * @param content the file's bytes when already read (small files), else null to stream the file
     */
    CompletableFuture<PutObjectResponse> put(String key, Path file, byte[] content, FileDigest digest,
                                             String contentType) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(settings.bucket())
                .key(key)
                .contentLength(digest.size())
                .contentType(contentType);
        if (digest.size() < settings.multipartThresholdBytes()) {
            request.contentMD5(digest.contentMd5Base64());
        }
        AsyncRequestBody body = content != null ? AsyncRequestBody.fromBytesUnsafe(content)
                : AsyncRequestBody.fromFile(file);
        return client().putObject(request.build(), body);
    }

    private synchronized S3AsyncClient client() {
        if (s3 == null) {
            eventLoops = SdkEventLoopGroup.builder().build();
            s3 = S3Clients.uploadClient(settings, eventLoops);
        }
        return s3;
    }

    /** Call once every upload has completed. */
    @Override
    public synchronized void close() {
        if (s3 != null) {
            s3.close();
            // Not awaited: the run need not wait out Netty's quiet period (2 s by default, which is what the
            // SDK's close() does with a group it owns); a short one lets the pools' close listeners still run.
            eventLoops.eventLoopGroup().shutdownGracefully(200, 5_000, TimeUnit.MILLISECONDS);
            s3 = null;
        }
    }
}
