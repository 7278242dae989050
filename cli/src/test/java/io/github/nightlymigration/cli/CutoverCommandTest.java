package io.github.nightlymigration.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.schema.SchemaDdl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cron commands of issue 16 with their exit codes: an empty source refused by migrate (4) and published with
 * --accept-shrink; the cut-over through notebook 05; migrate refused afterwards (5); --undo only with the name.
 */
class CutoverCommandTest {
    static EmbeddedPostgresServer server;
    static String oldUrl;
    static String emptyOldUrl;
    @TempDir Path state;

    @BeforeAll
    static void databases() throws Exception {
        server = EmbeddedPostgresServer.start();
        oldUrl = server.createDatabase("legacy");
        emptyOldUrl = server.createDatabase("legacy_empty");
        try (Connection c = DriverManager.getConnection(oldUrl); Connection e = DriverManager.getConnection(emptyOldUrl)) {
            SchemaDdl.LEGACY.apply(c);
            new LegacyDataGenerator(0.005, 3, Progress.NONE).fill(c);
            SchemaDdl.LEGACY.apply(e);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Path notebook(String name) {
        return Path.of("../notebooks", name).toAbsolutePath().normalize();
    }

    /** Runs a command, returning its exit code and what it wrote to stderr. */
    private static String[] run(IntSupplier command) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            return new String[] {Integer.toString(command.getAsInt()), captured.toString()};
        } finally {
            System.setErr(err);
        }
    }

    /** Through notebook 01 (the cron path) only where the exit code's way out of a cell is the point: it is slow. */
    private String[] migrate(String newUrl, String legacy, String... extra) {
        String[] args = Stream.concat(Stream.of("--old-url", legacy, "--new-url", newUrl, "--state-dir", state.toString(),
                "--notebook", notebook("01-nightly-migration.ipynb").toString()), Stream.of(extra)).toArray(String[]::new);
        return run(() -> MigrateCommand.execute(args));
    }

    private String[] migrateDirectly(String newUrl, String legacy, String... extra) {
        return migrate(newUrl, legacy, Stream.concat(Stream.of("--no-notebook"), Stream.of(extra)).toArray(String[]::new));
    }

    @Test
    void emptySourceRefusedThenAcceptedThenCutOverThenLive() throws Exception {
        String newUrl = server.createDatabase("queue");
        assertEquals(0, MigrateCommand.execute("--new-url", newUrl, "--old-url", oldUrl, "--create-new-schema"));
        assertEquals("0", migrateDirectly(newUrl, oldUrl)[0]);

        String[] refused = migrate(newUrl, emptyOldUrl);
        assertEquals("4", refused[0], refused[1]);
        assertTrue(refused[1].contains("refused to publish") && refused[1].contains("--accept-shrink"), refused[1]);
        String[] accepted = migrateDirectly(newUrl, emptyOldUrl, "--accept-shrink");
        assertEquals("0", accepted[0], accepted[1]);

        String[] cut = run(() -> CutoverCommand.execute("--old-url", oldUrl, "--new-url", newUrl, "--state-dir",
                state.toString(), "--skip-files", "--quiet-interval", "1s", "--notebook", notebook("05-cut-over.ipynb").toString()));
        assertEquals("0", cut[0], cut[1]);
        try (Stream<Path> files = Files.walk(state.resolve("runs"))) {
            Path executed = files.filter(p -> p.getFileName().toString().equals("05-cut-over.ipynb")).findFirst().orElseThrow();
            String record = Files.readString(executed);
            assertTrue(record.contains("the database is live since"), "the executed notebook records the cut-over");
            assertTrue(Files.exists(executed.resolveSibling("cutover-report.json")));
        }

        String[] live = migrateDirectly(newUrl, oldUrl);
        assertEquals("5", live[0], live[1]);
        assertTrue(live[1].contains("the database is live since"), live[1]);
        String[] unconfirmed = run(() -> CutoverCommand.execute("--new-url", newUrl, "--old-url", oldUrl, "--state-dir",
                state.toString(), "--undo"));
        assertEquals("2", unconfirmed[0], unconfirmed[1]);
        assertTrue(unconfirmed[1].contains("--yes-i-know queue"), unconfirmed[1]);
        assertEquals(0, CutoverCommand.execute("--new-url", newUrl, "--old-url", oldUrl, "--state-dir", state.toString(),
                "--undo", "--yes-i-know", "queue"));
        assertEquals("0", migrateDirectly(newUrl, oldUrl)[0], "after the undo the nightly run works again");
    }
}
