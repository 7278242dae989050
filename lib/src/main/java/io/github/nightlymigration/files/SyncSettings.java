package io.github.nightlymigration.files;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Where attachment files come from and which bucket they go to, read from environment variables:
 * <ul>
 * <li>{@code MIGRATOR_FILES_ROOT} (required) the legacy app's root, holding {@code public/system/...};</li>
 * <li>{@code MIGRATOR_S3_BUCKET} (required);</li>
 * <li>{@code MIGRATOR_S3_ENDPOINT} (optional) an S3-compatible server, addressed path-style;</li>
 * <li>{@code MIGRATOR_S3_REGION} or {@code AWS_REGION} (optional; us-east-1 with a custom endpoint, else the SDK's chain);</li>
 * <li>{@code MIGRATOR_S3_CONCURRENCY} (optional) uploads in flight, default {@link #defaultConcurrency()};</li>
 * <li>{@code MIGRATOR_S3_MULTIPART_THRESHOLD_MB} (optional) files from this size up go multipart, default 16.</li>
 * </ul>
 * Credentials: {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} when the given map has both (so tests can
 * pass their own), otherwise the SDK's default provider chain. {@link #toString()} never shows the secret.
 */
public record SyncSettings(Path filesRoot, Optional<URI> endpoint, String bucket, Region region,
                           AwsCredentialsProvider credentials, int concurrency, long multipartThresholdBytes) {

    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L * 1024 * 1024;

    public SyncSettings {
        if (concurrency < 1) {
            throw new SyncSetupException("concurrency must be at least 1, got " + concurrency);
        }
        if (multipartThresholdBytes < 5L * 1024 * 1024) {
            throw new SyncSetupException("multipart threshold must be at least 5 MiB (S3's minimum part size)");
        }
    }

    /** Sized for a CPU-bound client: uploads of small files wait on the server, so several per core. */
    public static int defaultConcurrency() {
        return Math.min(64, Math.max(8, 8 * Runtime.getRuntime().availableProcessors()));
    }

    public static SyncSettings fromEnv(Map<String, String> env) {
        Path root = Path.of(required(env, "MIGRATOR_FILES_ROOT"));
        if (!Files.isDirectory(root)) {
            throw new SyncSetupException("MIGRATOR_FILES_ROOT " + root + " is not a directory");
        }
        String bucket = required(env, "MIGRATOR_S3_BUCKET");
        Optional<URI> endpoint = optional(env, "MIGRATOR_S3_ENDPOINT").map(SyncSettings::endpointUri);
        Region region = optional(env, "MIGRATOR_S3_REGION").or(() -> optional(env, "AWS_REGION"))
                .map(Region::of)
                .orElseGet(() -> endpoint.isPresent() ? Region.US_EAST_1 : defaultRegion());
        AwsCredentialsProvider credentials;
        Optional<String> keyId = optional(env, "AWS_ACCESS_KEY_ID");
        Optional<String> secret = optional(env, "AWS_SECRET_ACCESS_KEY");
        if (keyId.isPresent() && secret.isPresent()) {
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId.get(), secret.get()));
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        int concurrency = optional(env, "MIGRATOR_S3_CONCURRENCY")
                .map(v -> integer("MIGRATOR_S3_CONCURRENCY", v)).orElse(defaultConcurrency());
        long threshold = optional(env, "MIGRATOR_S3_MULTIPART_THRESHOLD_MB")
                .map(v -> integer("MIGRATOR_S3_MULTIPART_THRESHOLD_MB", v) * 1024L * 1024L)
                .orElse(DEFAULT_MULTIPART_THRESHOLD);
        return new SyncSettings(root, endpoint, bucket, region, credentials, concurrency, threshold);
    }

    public SyncSettings withConcurrency(int value) {
        return new SyncSettings(filesRoot, endpoint, bucket, region, credentials, value, multipartThresholdBytes);
    }

    public SyncSettings withMultipartThreshold(long bytes) {
        return new SyncSettings(filesRoot, endpoint, bucket, region, credentials, concurrency, bytes);
    }

    /** Where the bucket lives, for messages. */
    public String target() {
        return "s3://" + bucket + endpoint.map(e -> " at " + e).orElse(" in " + region);
    }

    @Override
    public String toString() {
        return "SyncSettings[filesRoot=" + filesRoot + ", target=" + target() + ", concurrency=" + concurrency
                + ", multipartThresholdBytes=" + multipartThresholdBytes + "]";
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new SyncSetupException(name + " is not set"));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SyncSetupException(name + " '" + value + "' is not an integer");
        }
    }

    private static URI endpointUri(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new SyncSetupException("MIGRATOR_S3_ENDPOINT '" + value + "' is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new SyncSetupException("MIGRATOR_S3_ENDPOINT '" + value + "' is not a URL");
        }
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException e) {
            throw new SyncSetupException("no region: set MIGRATOR_S3_REGION or AWS_REGION");
        }
    }
}
