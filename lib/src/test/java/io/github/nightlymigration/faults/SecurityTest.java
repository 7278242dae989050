package io.github.nightlymigration.faults;

import static io.github.nightlymigration.newapp.db.Tables.ATTACHMENTS;
import static io.github.nightlymigration.newapp.db.Tables.COMMENTS;
import static io.github.nightlymigration.newapp.db.Tables.GROUPS;
import static io.github.nightlymigration.newapp.db.Tables.NOTIFICATIONS;
import static io.github.nightlymigration.newapp.db.Tables.REQUESTS;
import static io.github.nightlymigration.newapp.db.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.export.AttachmentCsv;
import io.github.nightlymigration.export.ExportManifest;
import io.github.nightlymigration.files.FileSync;
import io.github.nightlymigration.files.PaperclipPath;
import io.github.nightlymigration.files.SyncSettings;
import io.github.nightlymigration.files.SyncSetupException;
import io.github.nightlymigration.legacy.db.tables.records.NotificationsRecord;
import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.support.ChildProcess;
import io.github.nightlymigration.support.FaultFixture;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.PasswordRoles;
import io.github.nightlymigration.support.ReliabilityRecord;
import io.github.nightlymigration.support.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.postgres.extensions.types.Hstore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Least privilege on the legacy side, no secret in any output, no path escape, no SQL built from data. */
class SecurityTest extends MigrationFixture {
    private static final String OLD_SECRET = "OLD-Secret-pw-5f1e9a";
    private static final String NEW_SECRET = "NEW-Secret-pw-c07b3d";
    private static final String URL_SECRET = "URL-Secret-pw-88a2e4";
    private static final String S3_SECRET = "S3-Secret-key-2d6f0b";

    @TempDir Path scratch;

    private static String withoutUser(String url) {
        return url.replaceAll("[?&]user=[^&]*", "");
    }

    /** A password-authenticated role that may only read the six legacy tables. */
    private String selectOnlyReader() throws Exception {
        String role = PasswordRoles.withPassword(OLD_SECRET);
        legacy.execute("GRANT USAGE ON SCHEMA public TO " + role);
        legacy.execute("GRANT SELECT ON users, organizations, assignments, orders, comments, notifications TO " + role);
        return role;
    }

    @Test
    void legacySideNeedsOnlySelectAndNoSecretAppearsInAnyOutput() throws Exception {
        try (Connection c = TestDatabases.connect(oldUrl)) {
            new io.github.nightlymigration.demo.LegacyDataGenerator(0.005, 3L, Progress.NONE).fill(c);
        }
        String reader = selectOnlyReader();
        assertFalse(legacy.fetchOne("SELECT has_table_privilege({0}, 'users', 'INSERT') OR has_table_privilege({0}, "
                + "'users', 'UPDATE') OR has_table_privilege({0}, 'users', 'DELETE')", reader).get(0, Boolean.class));
        Map<String, String> env = FaultFixture.env(withoutUser(oldUrl), newUrl, state);
        env.put("MIGRATOR_OLD_USER", reader);
        env.put("MIGRATOR_OLD_PASSWORD", OLD_SECRET);
        env.put("MIGRATOR_NEW_PASSWORD", NEW_SECRET); // the local server trusts postgres: carried, never checked
        List<String> outputs = new ArrayList<>();
        try (ChildProcess run = ChildProcess.start(env, "run")) {
            assertEquals(0, run.waitFor(120), run.stderr());
            outputs.add(String.join("\n", run.stdout()) + run.stderr());
        }
        // Failures print messages too: a wrong legacy password, and an unreachable new database with a password in its URL.
        Map<String, String> wrong = new HashMap<>(env);
        wrong.put("MIGRATOR_OLD_PASSWORD", OLD_SECRET + "-wrong");
        wrong.put("MIGRATOR_NEW_URL", "jdbc:postgresql://127.0.0.1:1/queue?password=" + URL_SECRET);
        wrong.remove("MIGRATOR_NEW_PASSWORD"); // one password per side: both at once is refused (MigratorSettingsTest)
        for (Map<String, String> e : List.of(wrong, Map.of("MIGRATOR_OLD_URL", oldUrl + "&password=" + URL_SECRET,
                "MIGRATOR_NEW_URL", "jdbc:postgresql://127.0.0.1:1/queue?password=" + URL_SECRET,
                "MIGRATOR_STATE_DIR", state.toString()))) {
            try (ChildProcess failing = ChildProcess.start(e, "run")) {
                assertEquals(2, failing.waitFor(60), failing.stderr());
                outputs.add(String.join("\n", failing.stdout()) + failing.stderr());
            }
        }
        MigratorSettings settings = MigratorSettings.fromMap(env);
        outputs.add(settings.toString());
        outputs.add(assertThrows(MigratorException.class, () -> Migration.run(MigratorSettings.fromMap(wrong), Progress.NONE))
                .toString());
        outputs.add(s3FailureMessages());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(state)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(p -> p.endsWith("report.json")), files.toString());
        for (Path f : files) outputs.add(f + ":\n" + new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        for (String out : outputs) {
            for (String secret : List.of(OLD_SECRET, NEW_SECRET, URL_SECRET, S3_SECRET)) {
                assertFalse(out.contains(secret), secret + " leaked in: " + out);
            }
        }
        ReliabilityRecord.passed("security-select-only", "Legacy side with SELECT only",
                "the legacy user is a password-authenticated role with USAGE on public and SELECT on the six tables, nothing else",
                "has_table_privilege shows no INSERT/UPDATE/DELETE; the migration (child JVM, cron path) exits 0", "run exit 0 as " + reader);
        ReliabilityRecord.passed("security-secrets", "No secret in any output",
                "distinctive fake secrets in MIGRATOR_OLD_PASSWORD, MIGRATOR_NEW_PASSWORD, password= in both URLs, AWS_SECRET_ACCESS_KEY",
                "stdout+stderr of a good run and two failing runs (wrong password, unreachable host), settings toString, "
                        + "exception text, S3 setup failures (wrong secret, unreachable endpoint), every file under the state dir "
                        + "(report.json, rejects.csv, translator, lock)",
                outputs.size() + " outputs and files scanned, no secret found (executed notebooks: cli MigrateCommandTest checks that a URL password is refused before the notebook records it, NotebooksInJupyterTest checks for the S3 secret key)");
    }

    /** Sync setup failures with the secret key set: refused credentials and an unreachable endpoint. */
    private String s3FailureMessages() throws Exception {
        Path root = Files.createDirectories(scratch.resolve("app"));
        Path export = Files.createDirectories(scratch.resolve("export"));
        AttachmentCsv.write(export.resolve(AttachmentCsv.FILE_NAME), List.of());
        ExportManifest.write(export, List.of(AttachmentCsv.FILE_NAME));
        StringBuilder out = new StringBuilder();
        try (LocalS3Server server = LocalS3Server.start(scratch.resolve("store"))) {
            server.createBucket("attachments");
            Map<String, String> env = new HashMap<>(server.clientEnv("attachments"));
            env.put("MIGRATOR_FILES_ROOT", root.toString());
            env.put("AWS_SECRET_ACCESS_KEY", S3_SECRET);
            SyncSettings wrongSecret = SyncSettings.fromEnv(env);
            out.append(wrongSecret).append('\n');
            SyncSetupException refused = assertThrows(SyncSetupException.class,
                    () -> FileSync.to(wrongSecret, scratch.resolve("s")).run(export));
            assertTrue(refused.getMessage().contains("credentials refused"), refused.getMessage());
            out.append(refused).append('\n');
            env.put("MIGRATOR_S3_ENDPOINT", "http://127.0.0.1:1");
            out.append(assertThrows(SyncSetupException.class,
                    () -> FileSync.to(SyncSettings.fromEnv(env), scratch.resolve("s")).run(export)));
        }
        return out.toString();
    }

    @Test
    void fileNamesNeverEscapeTheFilesRootNorMakeDotDotKeys() throws Exception {
        String[] names = {"../../etc/passwd", "..", ".", "a/../../b.png", "..\\..\\windows\\win.ini", "/etc/shadow",
            "%2e%2e%2fx.png", "....//x", "nul\u0000byte.png", "  ../ spaced", "\u202Egnp.exe", "x/./y/../../../z",
            "../../../../../../../../../outside.txt", "evil-link.png"};
        insert(user(1), order(1));
        for (int i = 0; i < names.length; i++) {
            insert(comment(10 + i, 1, 1, "see file").setAttachmentFileName(names[i].replace("\u0000", ""))
                    .setAttachmentContentType("image/png").setAttachmentFileSize(10));
        }
        RunReport report = migrate();
        assertTrue(report.balanced());
        List<String> keys = target.select(ATTACHMENTS.STORAGE_KEY).from(ATTACHMENTS).fetch(ATTACHMENTS.STORAGE_KEY);
        assertEquals(names.length, keys.size());
        for (String key : keys) {
            assertTrue(key.startsWith("requests/"), key);
            for (String segment : key.split("/", -1)) {
                assertFalse(segment.isEmpty() || segment.equals("..") || segment.equals("."), "segment '" + segment + "' in " + key);
            }
            assertFalse(key.contains("\\"), key);
        }
        // On the files side, every legacy path is resolved inside the root or refused. Bait outside the root: a
        // file nine levels up (where the deep ../ name leads) and a symlink inside the root pointing at it.
        Path root = Files.createDirectories(scratch.resolve("root")).toRealPath();
        Path outside = Files.writeString(scratch.resolve("outside.txt"), "secret");
        Path original = Files.createDirectories(root.resolve(PaperclipPath.legacyPath(10, "x")).getParent());
        Files.createSymbolicLink(original.resolve("evil-link.png"), outside);
        int refused = 0;
        int absent = 0;
        for (String name : names) {
            String legacyPath = PaperclipPath.legacyPath(10, name.replace("\u0000", ""));
            try {
                Path resolved = PaperclipPath.Root.of(root).resolve(legacyPath);
                throw new AssertionError(name + " resolved to " + resolved + ": only the bait exists, and it is outside");
            } catch (PaperclipPath.UnsafePathException e) {
                refused++;
            } catch (java.nio.file.NoSuchFileException e) {
                absent++; // a name that stays inside the root and names no file
            }
        }
        assertEquals(names.length, refused + absent);
        assertTrue(refused >= 8, refused + " refused");
        ReliabilityRecord.passed("security-paths", "File names with path tricks",
                names.length + " attachment names (../, .., absolute, backslashes, %2e, RTL override, ...) migrated and resolved",
                "every storage key starts requests/, has no empty, '.' or '..' segment and no backslash; every legacy path "
                        + "is refused or stays inside the files root (bait file outside the root, symlink to it inside)",
                keys.size() + " keys clean; " + refused + " legacy paths refused as unsafe (the ../ and symlink baits among them), "
                        + absent + " stayed inside the root and found no file");
    }

    @Test
    void quotesAndSemicolonsInEveryTextFieldArriveVerbatim() throws Exception {
        String evil = "Robert'); DROP TABLE users; -- \"x\" \\N \\. $$ ; SELECT pg_sleep(5); /*";
        insert(user(1).setFirstName(evil).setLastName(evil + "L").setEmail("o'brien;--@example.org")
                        .setPhone(evil).setDescription(evil + "\n\\.\n").setFlavor("").setEncryptedPassword(evil),
                org(1).setName(evil));
        insert(order(1).setName(evil).setDescription(evil).setOwnerId(1).setOrganizationId(1)
                .setEvent(Hstore.valueOf(Map.of("location", evil, "contact", "x';--")))
                .setNeeds(Hstore.valueOf(Map.of("poster", evil))));
        insert(comment(1, 1, 1, evil).setAttachmentFileName(evil + ".png").setAttachmentContentType("image/png'"),
                new NotificationsRecord().setId(1).setUserId(1).setTitle(evil).setMessage(evil).setNotableType("Order")
                        .setNotableId(1).setLinkController("orders';--").setLinkAction(evil).setCreatedAt(T0).setUpdatedAt(T0));
        RunReport report = migrate();
        assertTrue(report.balanced());
        assertEquals(evil, target.fetchOne(USERS).getFirstName());
        assertEquals(evil + "\n\\.\n", target.fetchOne(USERS).getBio());
        assertEquals("o'brien;--@example.org", target.fetchOne(USERS).getEmail());
        assertEquals(evil, target.fetchOne(GROUPS).getName());
        assertEquals(evil, target.fetchOne(REQUESTS).getTitle());
        assertTrue(target.fetchOne(REQUESTS).getEvent().data().contains("pg_sleep"), target.fetchOne(REQUESTS).getEvent().data());
        assertEquals(evil, target.fetchOne(COMMENTS).getBody());
        assertEquals(evil + ".png", target.fetchOne(ATTACHMENTS).getFilename());
        assertEquals(evil, target.fetchOne(NOTIFICATIONS).getTitle());
        assertEquals(1, legacy.fetchCount(io.github.nightlymigration.legacy.db.Tables.USERS), "legacy users still there");
        ReliabilityRecord.passed("security-sql-text", "Quotes and semicolons in every text field",
                "\"" + evil.replace("\n", "\\n") + "\" in every text column of all six legacy tables (names, email, bio, hstore "
                        + "values, message, file name, link)",
                "the run completes, values arrive verbatim in users, groups, requests (and event json), comments, attachments, "
                        + "notifications; no table dropped",
                "verbatim in all " + report.accounts().size() + " tables; accounting balanced");
    }
}
