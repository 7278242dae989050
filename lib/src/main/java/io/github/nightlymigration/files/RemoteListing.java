package io.github.nightlymigration.files;

import java.util.HashMap;
import java.util.Map;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the bucket holds under a prefix: key -> size and ETag, from one paginated listing (not a HEAD per object). */
final class RemoteListing {

    record RemoteObject(long size, String etag) {
    }

    private RemoteListing() {
    }

    static Map<String, RemoteObject> list(S3Client s3, String bucket, String prefix) {
        Map<String, RemoteObject> objects = new HashMap<>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(1000).build();
        for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
            objects.put(o.key(), new RemoteObject(o.size(), o.eTag()));
        }
        return objects;
    }
}
