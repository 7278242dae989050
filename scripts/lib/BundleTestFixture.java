import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.demo.PaperclipTreeWriter;
import io.github.nightlymigration.schema.SchemaDdl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * scripts/test-bundle's stand-ins for the production systems, run by the JDK's source launcher on
 * the unpacked bundle's class path (no Maven):
 *   generate JDBC_URL FILES_ROOT SCALE   fills an empty database with the demo's legacy data and writes its file tree
 *   s3 STORE_DIR BUCKET                  serves S3 on 127.0.0.1 (prints "endpoint URL"), until killed
 */
class BundleTestFixture {
    public static void main(String... args) throws Exception {
        switch (args[0]) {
            case "generate" -> {
                try (Connection c = DriverManager.getConnection(args[1])) {
                    SchemaDdl.LEGACY.apply(c);
                    new LegacyDataGenerator(Double.parseDouble(args[3]), 1, Progress.NONE).fill(c);
                    PaperclipTreeWriter.Result tree = PaperclipTreeWriter.write(c, Path.of(args[2]), 1);
                    System.out.println("generated the legacy database and " + tree.written() + " files");
                }
            }
            case "s3" -> {
                LocalS3Server server = LocalS3Server.start(Path.of(args[1]));
                server.createBucket(args[2]);
                System.out.println("endpoint " + server.endpoint());
                Thread.currentThread().join();
            }
            default -> throw new IllegalArgumentException("unknown fixture " + args[0]);
        }
    }
}
