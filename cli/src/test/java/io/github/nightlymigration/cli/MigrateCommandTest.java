package io.github.nightlymigration.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.engine.RunLock;
import io.github.nightlymigration.schema.SchemaDdl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cron path: `migrate` runs notebook 01 headless and keeps the executed copy; exit codes as documented. */
class MigrateCommandTest {
    static EmbeddedPostgresServer server;
    static String oldUrl;
    static int databases;
    @TempDir Path state;

    @BeforeAll
    static void legacyDatabase() throws Exception {
        server = EmbeddedPostgresServer.start();
        oldUrl = server.createDatabase("legacy");
        try (Connection c = DriverManager.getConnection(oldUrl)) {
            SchemaDdl.LEGACY.apply(c);
            new LegacyDataGenerator(0.005, 3, Progress.NONE).fill(c);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private String newDatabase() throws Exception {
        String url = server.createDatabase("target_" + (++databases));
        assertEquals(0, MigrateCommand.execute("--new-url", url, "--old-url", oldUrl, "--state-dir", state.toString(),
                "--create-new-schema"));
        return url;
    }

    private Path notebook() {
        return Path.of("../notebooks/01-nightly-migration.ipynb").toAbsolutePath().normalize();
    }

    private Path executedNotebook() throws Exception {
        return executed("01-nightly-migration.ipynb");
    }

    private Path executed(String name) throws Exception {
        return RunFolderFiles.newest(state, name);
    }

    @Test
    void cronRunExecutesTheNotebookAndKeepsItsOutputs() throws Exception {
        String newUrl = newDatabase();
        int exit = MigrateCommand.execute("--old-url", oldUrl, "--new-url", newUrl, "--state-dir", state.toString(),
                "--notebook", notebook().toString());
        assertEquals(0, exit);
        String executed = Files.readString(executedNotebook());
        assertTrue(executed.contains("preflight ok"), "the preflight cell's output is recorded");
        assertTrue(executed.contains("identity_holds"), "the report tables are recorded");
        assertTrue(executed.contains("succeeded in"), "the run's report is recorded");
        assertFalse(executed.contains("BROKEN"));
        assertTrue(executed.contains("dry run skipped"), "cron does not rehearse");
        assertTrue(Files.exists(executedNotebook().resolveSibling("report.json")), "report beside the notebook");
    }

    /** A copy of notebook 01 in the state dir with Java (escaped for the JSON) added to the preflight cell. */
    private Path editedPreflight(String name, String addedJava) throws Exception {
        String lib = notebook().getParent().resolveSibling("lib").toString();
        Path copy = state.resolve(name);
        Files.writeString(copy, Files.readString(notebook()).replace("../lib", lib)
                .replace("Migration.check(settings);", "Migration.check(settings); " + addedJava));
        return copy;
    }

    @Test
    void lockedRunExits75() throws Exception {
        String newUrl = newDatabase();
        try (RunLock held = RunLock.acquire(state, "notebook session")) {
            int exit = MigrateCommand.execute("--old-url", oldUrl, "--new-url", newUrl, "--state-dir", state.toString(),
                    "--notebook", notebook().toString());
            assertEquals(75, exit);
        }
    }

    @Test
    void badConfigurationExits2WithOneLine() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            int exit = MigrateCommand.execute("--old-url", "", "--new-url", "jdbc:postgresql://127.0.0.1:1/x",
                    "--state-dir", state.toString(), "--no-notebook");
            assertEquals(2, exit);
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString().contains("migrate: MIGRATOR_OLD_URL is not set"), captured.toString());
    }

    @Test
    void editedNotebookThatFailsMakesTheCommandFail() throws Exception {
        String newUrl = newDatabase();
        Path broken = editedPreflight("broken.ipynb", "if (true) throw new IllegalStateException(\\\"edited to fail\\\");");
        int exit = MigrateCommand.execute("--old-url", oldUrl, "--new-url", newUrl, "--state-dir", state.toString(),
                "--notebook", broken.toString());
        assertEquals(1, exit);
        String executed = Files.readString(executed("broken.ipynb"));
        assertTrue(executed.contains("edited to fail"), "the failing cell's error is in the audit record");
        assertFalse(executed.contains("identity_holds"), "no later cell ran");
    }

    @Test
    void anEditedCellIsWhatCronRunsEvenAfterNightsFromCompiledCells() throws Exception {
        // Night 1 compiles the notebook, night 2 runs those compiled cells, night 3 finds a cell edited.
        String newUrl = newDatabase();
        Path nightly = editedPreflight("nightly.ipynb", "");
        String[] cron = {"--old-url", oldUrl, "--new-url", newUrl, "--state-dir", state.toString(), "--notebook", nightly.toString()};
        assertEquals(0, MigrateCommand.execute(cron));
        assertTrue(Files.readString(executed("nightly.ipynb")).contains("\"cells\": \"compiled by JShell\""));
        assertEquals(0, MigrateCommand.execute(cron));
        String second = Files.readString(executed("nightly.ipynb"));
        assertTrue(second.contains("\"cells\": \"run as compiled by JShell on an earlier run"), "night 2 ran the compiled cells");
        assertTrue(second.contains("identity_holds") && second.contains("succeeded in"), "with every output recorded");

        Files.writeString(nightly, Files.readString(nightly).replace("Migration.check(settings);",
                "Migration.check(settings); System.out.println(\\\"edited cell ran for \\\" + settings.stateDir().getFileName());"));
        assertEquals(0, MigrateCommand.execute(cron));

        String executed = Files.readString(executed("nightly.ipynb"));
        assertTrue(executed.contains("\"cells\": \"compiled by JShell\""), "the edit compiled the cells again");
        assertTrue(executed.contains("edited cell ran for " + state.getFileName()), "the edited cell's output is recorded");
        assertTrue(executed.contains("identity_holds"), "and the cells after it ran");
    }

    @Test
    void aPasswordInAUrlIsRefusedBeforeTheNotebookCouldRecordIt() throws Exception {
        // The URLs become the executed notebook's parameters cell, kept on disk as the audit record.
        String secret = "URL-Secret-in-notebook-4b7e21";
        String newUrl = newDatabase();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true);
        System.setOut(both);
        System.setErr(both);
        int exit;
        try {
            exit = MigrateCommand.execute("--old-url", oldUrl, "--new-url", newUrl + "&password=" + secret,
                    "--state-dir", state.toString(), "--notebook", notebook().toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(2, exit, captured.toString());
        assertTrue(captured.toString().contains("newUrl " + newUrl + "&password=*** carries a password"), captured.toString());
        assertTrue(captured.toString().contains("MIGRATOR_NEW_PASSWORD"), captured.toString());
        assertFalse(captured.toString().contains(secret), "console output");
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret),
                        "secret in " + f);
            }
        }
    }
}
