package io.github.nightlymigration.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The MD5 of a file, and the ETags S3 gives it: the MD5 itself for a single PUT, or for a multipart upload the
 * MD5 of the parts' MD5s followed by {@code -<parts>}. Comparing a listed ETag with these proves the object
 * holds the file's bytes without downloading it.
 */
public record FileDigest(long size, String md5Hex, String multipartEtag) {

    private static final HexFormat HEX = HexFormat.of();

    /** Reads the file once; files larger than one part are also hashed part by part. */
    public static FileDigest of(Path file, long partSize) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in, Files.size(file), partSize);
        }
    }

    public static FileDigest of(byte[] content, long partSize) {
        try {
            return of(new ByteArrayInputStream(content), content.length, partSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array cannot fail to read
        }
    }

    private static FileDigest of(InputStream in, long expectedSize, long partSize) throws IOException {
        MessageDigest whole = md5();
        MessageDigest part = md5();
        MessageDigest partDigests = md5();
        boolean severalParts = expectedSize > partSize;
        long size = 0;
        long inPart = 0;
        int parts = 0;
        byte[] buffer = new byte[(int) Math.min(64 * 1024, Math.max(1, expectedSize))];
        int n;
        while ((n = in.read(buffer)) > 0) {
            whole.update(buffer, 0, n);
            size += n;
            for (int offset = 0; severalParts && offset < n; ) {
                int take = (int) Math.min(n - offset, partSize - inPart);
                part.update(buffer, offset, take);
                inPart += take;
                offset += take;
                if (inPart == partSize) {
                    partDigests.update(part.digest());
                    parts++;
                    inPart = 0;
                }
            }
        }
        byte[] md5 = whole.digest();
        if (!severalParts) {
            partDigests.update(md5); // a one-part upload: the part is the whole file
            parts = 1;
        } else if (inPart > 0) {
            partDigests.update(part.digest());
            parts++;
        }
        return new FileDigest(size, HEX.formatHex(md5), HEX.formatHex(partDigests.digest()) + "-" + parts);
    }

    /** Whether a listed or returned ETag (quoted or not) is one this content would get. */
    public boolean matchesEtag(String etag) {
        if (etag == null) {
            return false;
        }
        String bare = etag.replace("\"", "");
        return bare.contains("-") ? bare.equals(multipartEtag) : bare.equalsIgnoreCase(md5Hex);
    }

    /** Value of a Content-MD5 header, which makes the server refuse a body that arrived damaged. */
    public String contentMd5Base64() {
        return Base64.getEncoder().encodeToString(HEX.parseHex(md5Hex));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
