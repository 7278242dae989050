package io.github.nightlymigration.files;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the bucket holds under some prefixes: key -> size and ETag, from paginated listings (never a HEAD per
 * object). Listing several narrow prefixes in parallel beats one wide listing: servers page through a prefix
 * sequentially, and s3proxy rescans the whole prefix for every page (20,000 keys under one prefix take 20-30 s).
 */
final class RemoteListing {

    record RemoteObject(long size, String etag) {
    }

    private RemoteListing() {
    }

    static Map<String, RemoteObject> list(S3Client s3, String bucket, Collection<String> prefixes, int parallelism) {
        Map<String, RemoteObject> objects = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, prefixes.size())), r -> {
            Thread t = new Thread(r, "bucket-listing");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> pages = prefixes.stream().<Future<?>>map(prefix -> pool.submit(() -> {
                ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                        .maxKeys(1000).build();
                for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
                    objects.put(o.key(), new RemoteObject(o.size(), o.eTag()));
                }
            })).toList();
            for (Future<?> page : pages) {
                page.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("listing of bucket " + bucket + " interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("listing of bucket " + bucket + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return objects;
    }
}
