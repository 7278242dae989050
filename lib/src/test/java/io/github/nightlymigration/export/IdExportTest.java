package io.github.nightlymigration.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.engine.RunLock;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.support.TableChecksums;
import io.github.nightlymigration.support.TestDatabases;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Export, verify and restore: losing the translator file never means re-keying. */
class IdExportTest extends MigrationFixture {

    private Path exportDir() {
        return state.resolve("export");
    }

    private void generateAndMigrate() throws Exception {
        try (Connection c = TestDatabases.connect(oldUrl)) {
            new LegacyDataGenerator(0.01, 5, Progress.NONE).fill(c);
        }
        for (var table : io.github.nightlymigration.rules.MigrationPlan.oldTables()) {
            legacy.execute("UPDATE " + table.getName() + " SET created_at = '2015-01-01' WHERE created_at IS NULL AND updated_at IS NULL");
        }
        migrate();
    }

    @Test
    void exportWritesEveryKindAndAttachmentsWithAManifest() throws Exception {
        generateAndMigrate();
        ExportManifest manifest = IdExport.export(settings(), exportDir());
        assertEquals(IdKind.values().length + 2, manifest.files().size()); // attachments, the translator's identity
        assertTrue(manifest.entry(IdentityFile.FILE_NAME).isPresent());
        ExportManifest.verify(exportDir());
        long users;
        try (IdTranslator ids = IdTranslator.open(MigrationRun.translatorFile(state))) {
            users = ids.size(IdKind.USER);
        }
        assertEquals(users, manifest.entry("user.csv").orElseThrow().rows());
        assertEquals(target.fetchCount(io.github.nightlymigration.newapp.db.Tables.ATTACHMENTS),
                manifest.entry(AttachmentCsv.FILE_NAME).orElseThrow().rows());
        List<AttachmentRow> rows = AttachmentCsv.read(exportDir().resolve(AttachmentCsv.FILE_NAME));
        AttachmentRow first = rows.get(0);
        assertTrue(first.legacyPath().startsWith("public/system/comments/attachments/"), first.legacyPath());
        assertTrue(first.legacyPath().endsWith("/original/" + first.filename()), first.legacyPath());
        assertTrue(first.storageKey().startsWith("requests/" + first.requestId() + "/" + first.attachmentId() + "/"));
        assertEquals("old_order_id,format,new_id", Files.readAllLines(exportDir().resolve("request_format.csv")).get(0));
        assertEquals(IdCsv.table(exportDir().resolve("user.csv")).rowCount(), users);
    }

    @Test
    void restoreAfterLosingTheTranslatorGivesEveryRowItsIdAgain() throws Exception {
        generateAndMigrate();
        Map<String, String> published = TableChecksums.of(target);
        IdExport.export(settings(), exportDir());
        Files.delete(MigrationRun.translatorFile(state));
        TranslatorRestore.restore(exportDir(), state);
        // A tester's row in a migrated table: the restored translator is still recognised (its identity came back).
        target.execute("INSERT INTO groups (name, inserted_at, updated_at) VALUES ('testers', now(), now())");
        migrate();
        assertEquals(published, TableChecksums.of(target));
    }

    @Test
    void nastyPartsSurviveTheRoundTripByteForByte() {
        List<String> nasty = List.of("comma, here", "quote \" here", "line\nbreak", "cr\r\nlf", "tab\there",
                "back\\slash", "ünïcødé 海报 🎨", "", " leading and trailing ");
        Path file = state.resolve("nasty.db");
        Map<String, Long> given = new java.util.HashMap<>();
        UUID user;
        try (IdTranslator ids = IdTranslator.open(file)) {
            for (String part : nasty) given.put(part, ids.bigint(IdKind.REQUEST_FORMAT, 7, part));
            user = ids.uuid(IdKind.USER, 1);
            ids.save();
        }
        Path dir = exportDir();
        try (IdTranslator ids = IdTranslator.open(file)) {
            for (IdKind kind : IdKind.values()) IdCsv.write(ids, kind, dir);
        }
        Path restored = state.resolve("restored.db");
        try (IdTranslator back = IdTranslator.replacing(restored, null)) {
            IdCsv.read(dir, IdKind.REQUEST_FORMAT, back);
            IdCsv.read(dir, IdKind.USER, back);
            back.save();
        }
        try (IdTranslator back = IdTranslator.open(restored)) {
            for (String part : nasty) assertEquals(given.get(part), back.bigint(IdKind.REQUEST_FORMAT, 7, part), part);
            assertEquals(user, back.uuid(IdKind.USER, 1));
            assertFalse(back.changed());
            assertEquals(nasty.size(), back.size(IdKind.REQUEST_FORMAT));
        }
    }

    @Test
    void emptyTranslatorExportsHeadersOnly() throws Exception {
        ExportManifest manifest = IdExport.export(settings(), exportDir());
        assertTrue(manifest.files().stream().allMatch(f -> f.rows() == 0));
        assertEquals("old_user_id,new_id", Files.readString(exportDir().resolve("user.csv")).strip());
        TranslatorRestore.restore(exportDir(), state);
        try (IdTranslator ids = IdTranslator.open(MigrationRun.translatorFile(state))) {
            assertEquals(0, ids.size(IdKind.USER));
        }
    }

    @Test
    void tamperedExportsAreRefused() throws Exception {
        insert(user(1), user(2), order(1));
        migrate();
        IdExport.export(settings(), exportDir());
        Path users = exportDir().resolve("user.csv");
        String original = Files.readString(users);

        Files.writeString(users, changeHexDigitAfter(original, ","));
        assertRefused("user.csv: sha256");

        Files.writeString(users, original.substring(0, original.length() / 2));
        assertRefused("user.csv: size");

        Files.writeString(users, original);
        Path manifest = exportDir().resolve(ExportManifest.FILE_NAME);
        Files.writeString(manifest, changeHexDigitAfter(Files.readString(manifest), "\"sha256\" : \""));
        assertRefused("sha256");
        assertTrue(Files.exists(MigrationRun.translatorFile(state)), "a refused restore leaves the translator alone");
    }

    /** The first hex digit after {@code marker}, replaced by another one (a fixed replacement is a no-op 1 time in 16). */
    private static String changeHexDigitAfter(String text, String marker) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(marker) + "([0-9a-f])").matcher(text);
        assertTrue(m.find(), "no hex digit after " + marker);
        String other = m.group(1).equals("0") ? "1" : "0";
        return text.substring(0, m.start(1)) + other + text.substring(m.end(1));
    }

    private void assertRefused(String problem) {
        ExportVerificationException e = assertThrows(ExportVerificationException.class,
                () -> TranslatorRestore.restore(exportDir(), state));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(ExportVerificationException.EXIT_CODE, e.exitCode());
    }

    @Test
    void exportWhileAMigrationHoldsTheLockExits75() {
        try (RunLock held = RunLock.acquire(state, "migration")) {
            MigratorException e = assertThrows(MigratorException.class, () -> IdExport.export(settings(), exportDir()));
            assertEquals(MigratorException.LOCKED, e.exitCode());
        }
    }
}
