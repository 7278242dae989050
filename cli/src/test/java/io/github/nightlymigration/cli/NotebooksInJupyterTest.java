package io.github.nightlymigration.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.demo.PaperclipTreeWriter;
import io.github.nightlymigration.schema.SchemaDdl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four runbook notebooks top to bottom through real Jupyter (Debian's nbconvert) with the
 * project's kernel, against embedded PostgreSQL and the local S3 server, as an operator runs them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebooksInJupyterTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    @TempDir static Path work;
    static EmbeddedPostgresServer postgres;
    static LocalS3Server s3;
    static Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void servers() throws Exception {
        assertTrue(Files.isExecutable(JUPYTER), "Jupyter is missing: run scripts/install-test-deps (as root)");
        postgres = EmbeddedPostgresServer.start();
        String oldUrl = postgres.createDatabase("creativeq");
        String newUrl = postgres.createDatabase("queue");
        Path files = work.resolve("files");
        try (Connection c = DriverManager.getConnection(oldUrl)) {
            SchemaDdl.LEGACY.apply(c);
            new LegacyDataGenerator(0.005, 9, Progress.NONE).fill(c);
            PaperclipTreeWriter.write(c, files, 9);
        }
        try (Connection c = DriverManager.getConnection(newUrl)) {
            SchemaDdl.TARGET.apply(c);
        }
        s3 = LocalS3Server.start(work.resolve("s3"));
        s3.createBucket("attachments");
        env.put("MIGRATOR_OLD_URL", oldUrl);
        env.put("MIGRATOR_NEW_URL", newUrl);
        env.put("MIGRATOR_STATE_DIR", work.resolve("state").toString());
        env.put("MIGRATOR_EXPORT_DIR", work.resolve("export").toString());
        env.put("MIGRATOR_FILES_ROOT", files.toString());
        env.putAll(s3.clientEnv("attachments"));
        String install = run(List.of("bash", ROOT.resolve("scripts/install-kernel").toString(), "--force",
                "--classpath", System.getProperty("java.class.path")));
        assertTrue(install.contains("java"), install);
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        postgres.close();
    }

    private static String execute(String notebook) throws Exception {
        String log = run(List.of(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=600", "--output-dir", work.resolve("executed").toString(),
                ROOT.resolve("notebooks").resolve(notebook).toString()));
        String executed = Files.readString(work.resolve("executed").resolve(notebook), StandardCharsets.UTF_8);
        assertFalse(executed.contains(LocalS3Server.SECRET_KEY), "no secret in the executed notebook");
        assertFalse(executed.contains("\"output_type\": \"error\""), log);
        return executed;
    }

    @Test
    @Order(1)
    void migration() throws Exception {
        String out = execute("01-nightly-migration.ipynb");
        assertTrue(out.contains("preflight ok"), out);
        assertTrue(out.contains("dry_run in") || out.contains("dry run"), "the dry run reports");
        assertTrue(out.contains("succeeded in"), "the run reports");
        assertTrue(out.contains("identity_holds"));
        assertTrue(out.contains("COLLIDES") == false && out.contains("sequences"));
    }

    @Test
    @Order(2)
    void export() throws Exception {
        String out = execute("02-export-id-csv.ipynb");
        assertTrue(out.contains("verified: 11 files"), out);
        assertTrue(out.contains("old_user_id"), "the preview shows the CSV");
    }

    @Test
    @Order(3)
    void files() throws Exception {
        String out = execute("03-files-to-s3.ipynb");
        assertTrue(out.contains("all present:"), out);
        assertTrue(out.contains("dry run"), "the dry run lists what it would upload");
        assertTrue(out.contains("orphan"), "orphan files are listed");
    }

    @Test
    @Order(4)
    void inspect() throws Exception {
        String out = execute("04-inspect.ipynb");
        assertTrue(out.contains("requests by status and kind"), out);
        assertTrue(out.contains("Plotly.newPlot") || out.contains("plotly"), "charts are rendered");
        assertTrue(out.contains("nightly runs"));
    }

    private static String run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> e = builder.environment();
        e.putAll(env);
        e.put("JUPYTER_DATA_DIR", work.resolve("jupyter/data").toString());
        e.put("JUPYTER_CONFIG_DIR", work.resolve("jupyter/config").toString());
        e.put("JUPYTER_RUNTIME_DIR", work.resolve("jupyter/runtime").toString());
        e.remove("JUPYTER_PATH");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + output);
        return output;
    }
}
