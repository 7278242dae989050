package io.github.nightlymigration.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.nightlymigration.files.S3Clients;
import io.github.nightlymigration.files.SyncSettings;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class LocalS3ServerTest {

    @TempDir
    Path dir;

    @Test
    void keepsObjectsAcrossARestartOnTheSamePort() throws IOException {
        try (LocalS3Server server = LocalS3Server.start(dir.resolve("store"))) {
            server.createBucket("demo");
            server.createBucket("demo");
            Map<String, String> env = new HashMap<>(server.clientEnv("demo"));
            env.put("MIGRATOR_FILES_ROOT", dir.toString());
            SyncSettings settings = SyncSettings.fromEnv(env);
            try (S3Client s3 = S3Clients.preflightClient(settings)) {
                s3.putObject(b -> b.bucket("demo").key("requests/x/y/hello.txt"),
                        RequestBody.fromString("hello"));
                int port = server.port();

                server.stop();
                assertThrows(SdkClientException.class, () -> s3.headBucket(b -> b.bucket("demo")));
                server.restart();

                assertEquals(port, server.port());
                assertEquals("hello", s3.getObjectAsBytes(b -> b.bucket("demo").key("requests/x/y/hello.txt"))
                        .asUtf8String());
            }
        }
    }
}
