package io.github.nightlymigration.files;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns S3 failures into one readable line naming the problem; never includes credentials. */
final class S3Errors {

    private S3Errors() {
    }

    /**
     * Checks that the bucket exists and the credentials are accepted, before any work is done.
     *
     * @throws SyncSetupException missing bucket, refused credentials, unreachable endpoint, or no credentials
     */
    static void preflight(SyncSettings settings) {
        try (S3Client s3 = S3Clients.preflightClient(settings)) {
            s3.headBucket(b -> b.bucket(settings.bucket()));
        } catch (RuntimeException e) {
            throw new SyncSetupException(describeSetup(e, settings));
        }
    }

    static String describeSetup(Throwable error, SyncSettings settings) {
        Throwable e = unwrap(error);
        if (e instanceof S3Exception s3) {
            return switch (s3.statusCode()) {
                case 404 -> "bucket '" + settings.bucket() + "' does not exist at " + where(settings);
                case 401, 403 -> "credentials refused by " + where(settings) + " for bucket '" + settings.bucket()
                        + "' (HTTP " + s3.statusCode() + ", access key id " + maskedKeyId(settings)
                        + "): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
                default -> "S3 check of bucket '" + settings.bucket() + "' at " + where(settings) + " failed: HTTP "
                        + s3.statusCode() + " " + errorCode(s3);
            };
        }
        Throwable root = rootCause(e);
        if (root instanceof ConnectException || root instanceof UnknownHostException
                || root instanceof UnresolvedAddressException) {
            return "cannot reach S3 endpoint " + where(settings) + ": " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : " " + root.getMessage());
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("credentials")) {
            return "no usable AWS credentials for " + where(settings)
                    + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an AWS profile)";
        }
        return "S3 check of bucket '" + settings.bucket() + "' at " + where(settings) + " failed: " + describe(e);
    }

    /** One line for a failed upload. */
    static String describe(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof S3Exception s3) {
            return "HTTP " + s3.statusCode() + " " + errorCode(s3);
        }
        Throwable root = rootCause(e);
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }

    private static String errorCode(S3Exception s3) {
        return s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null ? ""
                : s3.awsErrorDetails().errorCode();
    }

    private static String where(SyncSettings settings) {
        return settings.endpoint().map(Object::toString).orElse("AWS S3 in " + settings.region());
    }

    /** The access key id is not a secret, but a prefix is enough to tell which one was used. */
    private static String maskedKeyId(SyncSettings settings) {
        try {
            String id = settings.credentials().resolveCredentials().accessKeyId();
            return id.length() <= 4 ? "****" : id.substring(0, 4) + "****";
        } catch (RuntimeException e) {
            return "(unknown)";
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
