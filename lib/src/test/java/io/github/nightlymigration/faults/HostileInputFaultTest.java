package io.github.nightlymigration.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.export.ExportManifest;
import io.github.nightlymigration.export.IdExport;
import io.github.nightlymigration.export.TranslatorRestore;
import io.github.nightlymigration.legacy.db.tables.records.NotificationsRecord;
import io.github.nightlymigration.support.FullDisk;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.schema.SchemaDdl;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import io.github.nightlymigration.translate.IdTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs PostgreSQL accepts but this migrator did not expect (issue #22): each ends in bounded time with
 * a message naming what is wrong, or is handled row by row, and never leaves the new database half-published.
 */
class HostileInputFaultTest extends MigrationFixture {
    @Test
    void aDuplicateLegacyIdFailsTheNightAtOnceNamingIt() {
        insert(user(1), org(1), order(10), comment(1, 10, 1, "first"), comment(2, 10, 1, "second"));
        migrate();
        Map<String, String> before = TableChecksums.of(target);
        legacy.execute("ALTER TABLE comments DROP CONSTRAINT comments_pkey");
        legacy.execute("INSERT INTO comments SELECT * FROM comments WHERE id = 2");
        for (int night = 1; night <= 2; night++) { // the second night: the first released its lock
            long t0 = System.nanoTime();
            MigratorException failed = assertTimeoutPreemptively(Duration.ofSeconds(120),
                    () -> assertThrows(MigratorException.class, this::migrate));
            assertEquals(MigratorException.RUN_FAILED, failed.exitCode(), failed.getMessage());
            assertTrue(failed.getMessage().contains("legacy table comments has two rows with id 2"), failed.getMessage());
            assertEquals(before, TableChecksums.of(target), "nothing published");
            if (night == 2) {
                ReliabilityRecord.passed("hostile-duplicate-id", "A duplicate id in a legacy table",
                        "comments' primary key dropped and comment 2 inserted twice; two nights in a row",
                        "each night exits 1 in bounded time naming the table and the old id; the lock is released"
                                + " (the second night is not refused as locked); the new tables are as before",
                        String.format("exit 1 after %.1f s: %s", (System.nanoTime() - t0) / 1e9, failed.getMessage()));
            }
        }
    }

    @Test
    void aFullDiskNamesItsPathAndAfterThePublishSaysTheNightIsPublished(@TempDir Path mount) throws Exception {
        insert(user(1), org(1), order(10), comment(1, 10, 1, "first"), comment(2, 10, null, "First1 Last1 claimed this order."),
                new NotificationsRecord().setId(1).setUserId(1).setTitle("t").setMessage("m").setCreatedAt(T0));
        try (FullDisk disk = FullDisk.mount(mount, "2m")) {
            Map<String, String> env = env();
            Path early = Files.createDirectories(disk.path().resolve("early"));
            Path late = Files.createDirectories(disk.path().resolve("late"));
            disk.fill();
            // Full from the start: the audit events' spool file in the run folder cannot be written; nothing published.
            env.put("MIGRATOR_RUN_DIR", early.toString());
            MigratorException before = assertThrows(MigratorException.class,
                    () -> Migration.run(MigratorSettings.fromMap(env), Progress.NONE));
            assertEquals(MigratorException.RUN_FAILED, before.exitCode(), before.getMessage());
            assertTrue(before.getMessage().contains("spool file " + early) && before.getMessage().contains("No space left"),
                    before.getMessage());
            assertEquals(0, target.fetchCount(DSL.table("comments")), "nothing published");
            // Full once the last table is loaded: the publish commits, then report.json cannot be written.
            Files.delete(disk.path().resolve("filler"));
            env.put("MIGRATOR_RUN_DIR", late.toString());
            Progress fillAfterTheLastTable = (step, done, total) -> {
                if (step.equals("notifications") && done == total && done > 0) disk.fill();
            };
            MigratorException after = assertThrows(MigratorException.class,
                    () -> Migration.run(MigratorSettings.fromMap(env), fillAfterTheLastTable));
            assertEquals(MigratorException.PUBLISHED_NOT_RECORDED, after.exitCode(), after.getMessage());
            assertTrue(after.getMessage().contains("IS published") && after.getMessage().contains(late.toString())
                    && after.getMessage().contains("No space left"), after.getMessage());
            assertEquals(1, target.fetchCount(DSL.table("comments")), "published");
            assertTrue(Files.exists(MigrationRun.translatorFile(state)));
            ReliabilityRecord.passed("hostile-disk-full", "The disk fills before or after the publish",
                    "the run folder on a real 2 MB tmpfs, filled to the byte before the run, then (second run) right after"
                            + " the last table is loaded, so the publish commits and report.json cannot be written",
                    "before: exit 1, the message names the file and \"No space left on device\", nothing published;"
                            + " after: exit 74 (not 1), the message says the night IS published and names report.json's"
                            + " path; the new rows and the translator are in place",
                    "before: " + before.getMessage() + " / after: " + after.getMessage());
        }
    }

    @Test
    void attachmentIdsOutsidePaperclipsNineDigitsExportAndAFailingExportKeepsThePreviousOne(@TempDir Path mount,
            @TempDir Path restored) throws Exception {
        insert(user(1), org(1), order(10),
                comment(1_000_000_000, 10, 1, "big").setAttachmentFileName("a.png").setAttachmentContentType("image/png"),
                comment(-5, 10, 1, "negative").setAttachmentFileName("b.png").setAttachmentContentType("image/png"));
        migrate();
        try (FullDisk disk = FullDisk.mount(mount, "4m")) {
            Path dir = disk.path().resolve("export");
            ExportManifest first = IdExport.export(settings(), dir);
            String attachments = Files.readString(dir.resolve("attachments.csv"));
            assertTrue(attachments.contains("public/system/comments/attachments/100/000/000/original/a.png"), attachments);
            assertTrue(attachments.contains("public/system/comments/attachments/000/000/original/b.png"), attachments);
            insert(user(2));
            migrate();
            disk.fill();
            MigratorException failed = assertThrows(MigratorException.class, () -> IdExport.export(settings(), dir));
            assertTrue(failed.getMessage().contains(disk.path().toString()) && failed.getMessage().contains("No space left"),
                    failed.getMessage());
            assertEquals(first.files(), ExportManifest.verify(dir).files(), "the previous export, whole");
            try (IdTranslator ids = TranslatorRestore.restore(dir, restored)) {
                assertEquals(1, ids.size(io.github.nightlymigration.translate.IdKind.USER), "last good export: one user");
            }
            ReliabilityRecord.passed("hostile-export", "Attachment ids outside 0..999,999,999; an export on a full disk",
                    "comments 1,000,000,000 and -5 with attachments; export-ids to a real 4 MB tmpfs, then filled and"
                            + " exported again after another night",
                    "legacy paths as Paperclip computes them (100/000/000, 000/000); the failing export exits with a"
                            + " message naming the path and leaves the previous export whole: it verifies against its"
                            + " manifest and --restore-translator accepts it",
                    "paths as Paperclip's; failed export: " + failed.getMessage());
        }
    }

    @Test
    void latin1BytesInASqlAsciiLegacyDatabaseAreDecodedPerValue() throws Exception {
        String name = "sql_ascii_" + System.nanoTime();
        try (var c = java.sql.DriverManager.getConnection(TestDatabases.server().jdbcUrl("postgres"));
                var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'");
        }
        oldUrl = TestDatabases.server().jdbcUrl(name);
        try (var c = TestDatabases.connect(oldUrl)) {
            SchemaDdl.LEGACY.apply(c);
            var old = DSL.using(c, SQLDialect.POSTGRES);
            for (var row : new org.jooq.TableRecord<?>[] {user(1), user(2), org(1), order(10), comment(1, 10, 1, "x")}) {
                old.insertInto(row.getTable()).set(row).execute();
            }
            old.execute("UPDATE users SET first_name = convert_from('\\x4af67267'::bytea, 'SQL_ASCII') WHERE id = 1"); // Latin-1
            old.execute("UPDATE users SET last_name = convert_from('\\xc3bc6e69'::bytea, 'SQL_ASCII') WHERE id = 2"); // UTF-8
            old.execute("UPDATE comments SET message = convert_from('\\x636166e920936f6b94'::bytea, 'SQL_ASCII')");
            old.execute("UPDATE orders SET event = hstore('location', convert_from('\\x4dfc6e6368656e'::bytea, 'SQL_ASCII'))");
        }
        RunReport report = migrate();
        assertEquals(RunReport.Status.SUCCEEDED, report.status());
        assertEquals("SQL_ASCII", report.legacyEncoding());
        assertEquals(1, target.fetchCount(DSL.table("users").where("first_name = 'Jörg'")));
        assertEquals(1, target.fetchCount(DSL.table("users").where("last_name = 'üni'")));
        assertEquals("caf\u00e9 \u201cok\u201d", target.fetchValue("SELECT body FROM comments"));
        assertTrue(target.fetchValue("SELECT event::text FROM requests").toString().contains("München"));
        String text = report.toString();
        for (String column : new String[] {"first_name", "message", "event"}) {
            assertTrue(text.contains(column + ": not UTF-8 in the SQL_ASCII legacy database, decoded as Windows-1252"), text);
        }
        assertTrue(!text.contains("last_name: not UTF-8"), "valid UTF-8 is taken as UTF-8: " + text);
        ReliabilityRecord.passed("hostile-sql-ascii", "Latin-1 bytes in a SQL_ASCII legacy database",
                "a SQL_ASCII legacy database: a first name, a comment and an hstore value in Latin-1/Windows-1252"
                        + " bytes, a last name in UTF-8",
                "the run succeeds; the report names the encoding; each non-UTF-8 value arrives decoded as Windows-1252"
                        + " (Jörg, café “ok”, München) with a warning naming the table, column and old id; UTF-8 values"
                        + " arrive as UTF-8 without a warning",
                "succeeded; warnings: " + report.warnings().keySet());
    }

    @Test
    void infinityTimestampsAreCopiedAsInfinity() {
        insert(user(1), org(1), order(10), comment(1, 10, 1, "x"));
        legacy.execute("UPDATE orders SET created_at = 'infinity', updated_at = '-infinity'");
        legacy.execute("UPDATE comments SET created_at = '-infinity', updated_at = 'infinity'");
        RunReport report = migrate();
        assertEquals(RunReport.Status.SUCCEEDED, report.status());
        assertEquals(1, target.fetchCount(DSL.table("requests").where("inserted_at = 'infinity' AND updated_at = '-infinity'")));
        assertEquals(1, target.fetchCount(DSL.table("comments").where("inserted_at = '-infinity' AND updated_at = 'infinity'")));
        migrate(); // and night after night
        ReliabilityRecord.passed("hostile-infinity", "infinity and -infinity in legacy timestamps",
                "an order and a comment whose created_at/updated_at are 'infinity' and '-infinity'",
                "two nights succeed; the new rows hold infinity and -infinity (timestamp(6) holds both)",
                "succeeded twice; infinity copied as infinity");
    }

    @Test
    void badSettingsAndArgumentsExit2BeforeAnythingRuns() throws Exception {
        insert(user(1), org(1));
        migrate();
        Map<String, String> tables = TableChecksums.of(target);
        long runs;
        try (var folders = Files.list(state.resolve("runs"))) {
            runs = folders.count();
        }
        Path file = Files.writeString(state.resolve("not-a-folder"), "x");
        Map<String, Map<String, String>> bad = new java.util.LinkedHashMap<>();
        bad.put("MIGRATOR_LOCK_TIMEOUT=-5s", Map.of("MIGRATOR_LOCK_TIMEOUT", "-5s"));
        bad.put("MIGRATOR_LOCK_TIMEOUT=0s", Map.of("MIGRATOR_LOCK_TIMEOUT", "0s"));
        bad.put("MIGRATOR_PARALLELISM=1000", Map.of("MIGRATOR_PARALLELISM", "1000"));
        bad.put("MIGRATOR_STATE_DIR=<a file>", Map.of("MIGRATOR_STATE_DIR", file.toString()));
        StringBuilder messages = new StringBuilder();
        for (var setting : bad.entrySet()) {
            Map<String, String> env = env();
            env.putAll(setting.getValue());
            MigratorException refused = assertThrows(MigratorException.class,
                    () -> Migration.run(MigratorSettings.fromMap(env), Progress.NONE), setting.getKey());
            assertEquals(MigratorException.CONFIGURATION, refused.exitCode(), setting.getKey() + ": " + refused.getMessage());
            messages.append(setting.getKey()).append(": ").append(refused.getMessage()).append(" / ");
        }
        assertEquals(tables, TableChecksums.of(target));
        try (var folders = Files.list(state.resolve("runs"))) {
            assertEquals(runs, folders.count(), "no run folder: refused before the run");
        }
        MigratorException notAUuid = assertThrows(MigratorException.class,
                () -> io.github.nightlymigration.lineage.RowRef.parse("new.requests:1-2-3-4-5"));
        assertEquals(MigratorException.CONFIGURATION, notAUuid.exitCode());
        MigratorException huge = assertThrows(MigratorException.class,
                () -> io.github.nightlymigration.lineage.RowRef.parse("new.requests:" + "7".repeat(10_000)));
        assertTrue(huge.getMessage().length() < 400, huge.getMessage().length() + " characters");
        ReliabilityRecord.passed("hostile-settings", "Settings and arguments that are valid text but wrong",
                String.join(", ", bad.keySet()) + "; --trace new.requests:1-2-3-4-5 and a 10,000-character argument",
                "each setting exits 2 before the run (no run folder, new tables unchanged); the trace refuses the"
                        + " short uuid (exit 2) and echoes a long argument shortened",
                messages + "trace: " + notAUuid.getMessage() + " / long argument: " + huge.getMessage().length()
                        + " characters");
    }

    /** The query helpers: a write is refused, and a query outlives neither its timeout nor, on the server, its JVM. */
    @Test
    void theQueryHelpersCannotWriteAndTheirQueriesEndOnTheServer() throws Exception {
        insert(user(1), user(2), org(1));
        migrate();
        var inspect = new io.github.nightlymigration.runbook.Inspection(settings());
        String delete = "commit; delete from users where id = (select min(id) from users)";
        MigratorException oldSide = assertThrows(MigratorException.class, () -> inspect.oldQuery(delete));
        assertThrows(MigratorException.class, () -> inspect.newQuery(delete));
        assertEquals(2, legacy.fetchCount(DSL.table("users")));
        assertEquals(2, target.fetchCount(DSL.table("users")));
        // The cursor's query runs at its FETCH: the helper's active FETCH on this database is the sleeping query.
        String sleeping = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND state = 'active' AND query LIKE 'FETCH%inspection_query'";
        try (var child = io.github.nightlymigration.support.ChildProcess.start(env(), "query", "5", "select pg_sleep(600)")) {
            assertTrue(child.awaitLine(l -> l.equals("querying"), 60_000), child.stderr());
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (((Number) legacy.fetchValue(sleeping)).longValue() == 0 && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(1L, ((Number) legacy.fetchValue(sleeping)).longValue(), "the query runs on the server");
            child.kill(); // kill -9: no cancel request is ever sent
        }
        long killed = System.nanoTime();
        while (((Number) legacy.fetchValue(sleeping)).longValue() > 0 && System.nanoTime() - killed < 30_000_000_000L) Thread.sleep(200);
        assertEquals(0L, ((Number) legacy.fetchValue(sleeping)).longValue(), "the server ended the query itself");
        double gone = (System.nanoTime() - killed) / 1e9;
        ReliabilityRecord.passed("hostile-query-helpers", "The read-only query helpers given hostile text",
                "oldQuery/newQuery(\"" + delete + "\"); a JVM running oldQuery(\"select pg_sleep(600)\") with a 5 s"
                        + " timeout killed with SIGKILL (InspectionTest adds COPY, SET ROLE, set_config, pg_read_file,"
                        + " pg_terminate_backend, lo_import, query_to_xml, DO, data-modifying WITH, FOR UPDATE)",
                "both refused, no row deleted in either database; the sleeping query ends on the server by its"
                        + " statement timeout although its JVM is gone",
                String.format("refused: %s; the query was gone from pg_stat_activity %.1f s after the kill",
                        oldSide.getMessage(), gone));
    }

    private Map<String, String> env() {
        return io.github.nightlymigration.support.FaultFixture.env(oldUrl, newUrl, state);
    }
}
