package io.github.nightlymigration.files;

import java.io.IOException;
import java.time.Duration;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** S3 clients configured for the sync: endpoint override, path-style, patient retries. */
public final class S3Clients {

    /** Part size for multipart uploads; also needed to predict a multipart object's ETag. */
    public static final long PART_SIZE = 8L * 1024 * 1024;

    private S3Clients() {
    }

    /**
     * Survives throttling and a server restart: 10 attempts, exponential backoff 200 ms - 5 s, no circuit breaker
     * (which would give up on a whole batch after a burst of failures), and connection errors counted as
     * retryable even where the SDK marks them otherwise.
     */
    public static RetryStrategy patientRetries() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(10)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(5)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(5)))
                .circuitBreakerEnabled(false)
                .retryOnRootCauseInstanceOf(IOException.class)
                .build();
    }

    /**
     * Uploads: multipart from the settings' threshold; Content-MD5 is sent by the caller, so no CRC is computed.
     *
     * @param eventLoops owned by the caller, who shuts it down without Netty's default 2 s quiet period
     */
    public static S3AsyncClient uploadClient(SyncSettings settings, SdkEventLoopGroup eventLoops) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .eventLoopGroup(eventLoops)
                        .maxConcurrency(Math.max(50, settings.concurrency() * 2))
                        .connectionAcquisitionTimeout(Duration.ofMinutes(2)))
                .multipartEnabled(true)
                .multipartConfiguration(c -> c.thresholdInBytes(settings.multipartThresholdBytes())
                        .minimumPartSizeInBytes(PART_SIZE));
        return common(builder, settings, patientRetries()).build();
    }

    /** Listing and other small calls, with the same patient retries. */
    public static S3Client client(SyncSettings settings) {
        S3ClientBuilder builder = S3Client.builder();
        return common(builder, settings, patientRetries()).build();
    }

    /** Checks before the run: fails fast (2 attempts) so a wrong endpoint is reported in seconds. */
    public static S3Client preflightClient(SyncSettings settings) {
        S3ClientBuilder builder = S3Client.builder();
        RetryStrategy quick = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build();
        return common(builder, settings, quick).build();
    }

    private static <B extends S3BaseClientBuilder<B, ?>> B common(B builder, SyncSettings settings, RetryStrategy retries) {
        builder.region(settings.region())
                .credentialsProvider(settings.credentials())
                // The sync sends Content-MD5 and checks every ETag itself: the SDK's own checksum passes over each
                // body (CRC32 on requests, validation on responses) would only cost CPU on a CPU-bound client.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(retries));
        settings.endpoint().ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
        return builder;
    }
}
