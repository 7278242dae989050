package io.github.nightlymigration.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.demo.LocalS3Server;
import io.github.nightlymigration.demo.PaperclipTreeWriter;
import io.github.nightlymigration.export.AttachmentCsv;
import io.github.nightlymigration.export.AttachmentRow;
import io.github.nightlymigration.files.S3Clients;
import io.github.nightlymigration.files.StorageKey;
import io.github.nightlymigration.files.SyncReport;
import io.github.nightlymigration.files.SyncSettings;
import io.github.nightlymigration.schema.SchemaDdl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three nightly commands as cron runs them: child processes whose environment is exactly cron's
 * ({@code PATH=/usr/bin:/bin}, {@code HOME}, {@code SHELL=/bin/sh}, {@code LOGNAME}: no LANG, no LC_*) plus the
 * MIGRATOR_* and AWS_* settings, on generated data whose attachments have accented, CJK, emoji and NFD names, some
 * spelled in the other normalisation form on disk.
 *
 * <p>Each child is started the way {@code scripts/jbang} starts it, minus JBang's own resolution: through
 * {@code scripts/lib/utf8-locale.sh} (the file the launcher sources), with the {@code //JAVA_OPTIONS} of the
 * command's JBang script and the main class that script calls, on this module's class path, by the {@code java}
 * cron finds on its PATH. Running {@code scripts/jbang} itself here would start a nested {@code mvn install} of
 * the project being tested (its sources are newer than any installed jar during a build); the launcher's part
 * that matters here, the locale, is the shared fragment, so this runs that fragment and nothing else in its place.
 */
class CronEnvironmentTest {
    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String BUCKET = "cron-attachments";

    @TempDir static Path dir;
    static EmbeddedPostgresServer server;
    static LocalS3Server s3;
    static String oldUrl;
    static String newUrl;
    static Path files;
    static PaperclipTreeWriter.Result tree;

    @BeforeAll
    static void legacyAppAndTargets() throws Exception {
        server = EmbeddedPostgresServer.start();
        oldUrl = server.createDatabase("creativeq");
        newUrl = server.createDatabase("queue");
        files = dir.resolve("legacy-app");
        try (Connection c = DriverManager.getConnection(oldUrl)) {
            SchemaDdl.LEGACY.apply(c);
            new LegacyDataGenerator(0.005, 3, Progress.NONE).fill(c);
            tree = PaperclipTreeWriter.write(c, files, 3);
        }
        assertEquals(0, MigrateCommand.execute("--new-url", newUrl, "--old-url", oldUrl,
                "--state-dir", dir.resolve("setup").toString(), "--create-new-schema"));
        s3 = LocalS3Server.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
        s3.createBucket("control");
    }

    @AfterAll
    static void stop() throws IOException {
        if (s3 != null) s3.close();
        if (server != null) server.close();
    }

    @Test
    void nightlyCommandsUnderCronsEnvironmentKeepEveryNameIntact() throws Exception {
        Path state = dir.resolve("state");
        Map<String, String> settings = settings(state, BUCKET);
        Map<String, String> legacyNames = legacyAttachmentNames();
        for (String name : List.of("café menu.pdf", "漢字のポスター.png", "🎉 party flyer.jpg", "cafe\u0301 decomposed.png")) {
            assertTrue(legacyNames.containsValue(name), "the generated data has an attachment named " + name);
        }
        assertTrue(tree.otherNormalisation() > 0, "some names are in the other normalisation form on disk");

        Child migrate = Child.run("migrate", settings, true);
        assertEquals(0, migrate.exit, migrate.output());
        Child export = Child.run("export_ids", settings, true);
        assertEquals(0, export.exit, export.output());

        // The export holds every name exactly as the legacy database does (NFD stays NFD), in UTF-8.
        Path csv = state.resolve("export").resolve(AttachmentCsv.FILE_NAME);
        List<AttachmentRow> rows = AttachmentCsv.read(csv);
        assertFalse(rows.isEmpty());
        for (AttachmentRow row : rows) {
            assertEquals(legacyNames.get(String.valueOf(row.oldCommentId())), row.filename(), "comment " + row.oldCommentId());
        }
        String csvText = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(csvText.contains("漢字のポスター.png") && csvText.contains("🎉 party flyer.jpg"));
        String previewed = outputText(executed(state, "02-export-id-csv.ipynb"));
        List<String> firstFive = rows.subList(0, 5).stream().map(AttachmentRow::filename).toList();
        assertTrue(firstFive.stream().anyMatch(n -> !isAscii(n)),
                "precondition: the notebook's preview of attachments.csv shows a name outside ASCII: " + firstFive);
        for (String name : firstFive) {
            if (!name.contains("\t")) assertTrue(previewed.contains(name), "executed notebook 02 shows " + name);
        }

        // What the sync must find, worked out here from the files on disk, independently of FileSync.
        Expected expected = Expected.of(rows, files);
        assertFalse(expected.otherSpelling.isEmpty(), "precondition: some rows' files are spelled differently on disk");
        withoutTheUtf8LocaleEachUnnameableFileIsReportedAndTheRestUploaded(state.resolve("export"), rows, expected);

        Child sync = Child.run("sync_files", settings, true);
        assertEquals(0, sync.exit, sync.output());
        JsonNode report = latestSyncReport(state);
        assertEquals(expected.found.size(), report.path("uploaded").asInt(), sync.output());
        assertEquals(expected.missing, ids(report.path("missing")), "missing on disk");
        assertEquals(expected.unsafe, ids(report.path("unsafe")), "unsafe names (path tricks only)");
        assertEquals(expected.otherSpelling, ids(report.path("normalisationMatches")),
                "matched across normalisation forms");
        assertEquals(expected.orphans, items(report.path("orphans")).stream().map(o -> o.path("legacyPath").asString())
                .collect(Collectors.toSet()), "orphans: only files no row refers to in any spelling");
        assertEquals(0, report.path("failed").size());
        assertBucketHoldsExactly(BUCKET, expected.found);
        String executedSync = outputText(executed(state, "03-files-to-s3.ipynb"));
        for (AttachmentRow row : rows) {
            if (expected.otherSpelling.contains(row.attachmentId().toString())) {
                assertTrue(executedSync.contains(row.legacyPath()), "executed notebook 03 lists " + row.legacyPath());
                assertTrue(sync.stdout.contains(row.legacyPath()), "the log shows " + row.legacyPath());
            }
        }

        Child again = Child.run("sync_files", settings, true);
        assertEquals(0, again.exit, again.output());
        JsonNode second = latestSyncReport(state);
        assertEquals(0, second.path("uploaded").asInt(), "a second night uploads nothing");
        assertEquals(expected.found.size(), second.path("skippedUnchanged").asInt());
    }

    /**
     * The same sync in cron's bare locale without the launcher's fragment (a crontab calling java directly), into
     * a bucket of its own: the JVM cannot name the files outside ASCII. They are reported one by one as unsafe
     * with the reason, the rest is uploaded, and the night goes on (issue 15's run died on the first such name).
     */
    private static void withoutTheUtf8LocaleEachUnnameableFileIsReportedAndTheRestUploaded(Path export,
            List<AttachmentRow> rows, Expected expected) throws Exception {
        Path state = dir.resolve("control-state");
        Map<String, String> settings = settings(state, "control");
        settings.put("MIGRATOR_EXPORT_DIR", export.toString());
        // A files host's nights of long ago: no migration runs there to remove them.
        Path old = Files.createDirectories(state.resolve("runs/20200101T020000Z"));
        Files.writeString(old.resolve("files-sync-report.json"), "{}");

        Child sync = Child.run("sync_files", settings, false);

        assertEquals(0, sync.exit, sync.output());
        assertFalse(Files.exists(old), sync.output());
        assertTrue(sync.stderr.contains("sync-files: run folders older than 90 days (MIGRATOR_KEEP_RUN_DAYS): removed 1,"
                + " 20200101T020000Z"), sync.stderr);
        assertTrue(sync.stderr.contains("ANSI_X3.4-1968"), "the log says why: " + sync.stderr);
        JsonNode report = latestSyncReport(state);
        List<AttachmentRow> nonAscii = rows.stream().filter(r -> !isAscii(r.legacyPath())).toList();
        assertFalse(nonAscii.isEmpty());
        Map<String, String> unsafe = new HashMap<>();
        items(report.path("unsafe")).forEach(i -> unsafe.put(i.path("attachmentId").asString(), i.path("reason").asString()));
        for (AttachmentRow row : nonAscii) {
            String reason = unsafe.get(row.attachmentId().toString());
            assertTrue(reason != null && reason.contains("sun.jnu.encoding"), row.legacyPath() + ": " + reason);
        }
        long asciiFound = rows.stream().filter(r -> isAscii(r.legacyPath()) && expected.found.containsKey(r.storageKey()))
                .count();
        assertEquals(asciiFound, report.path("uploaded").asInt(), "every other file is uploaded");
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static Map<String, String> settings(Path state, String bucket) {
        Map<String, String> env = new LinkedHashMap<>(s3.clientEnv(bucket));
        env.put("MIGRATOR_OLD_URL", oldUrl);
        env.put("MIGRATOR_NEW_URL", newUrl);
        env.put("MIGRATOR_STATE_DIR", state.toString());
        env.put("MIGRATOR_FILES_ROOT", files.toString());
        return env;
    }

    /** comment id -> attachment_file_name, as the legacy database holds it. */
    private static Map<String, String> legacyAttachmentNames() throws Exception {
        Map<String, String> names = new HashMap<>();
        try (Connection c = DriverManager.getConnection(oldUrl);
             ResultSet r = c.createStatement().executeQuery(
                     "select id, attachment_file_name from comments where attachment_file_name is not null")) {
            while (r.next()) names.put(r.getString(1), r.getString(2));
        }
        return names;
    }

    /** Each row's outcome from the files root: found (under which spelling), missing, unsafe; and the orphans. */
    record Expected(Map<String, Path> found, Set<String> otherSpelling, Set<String> missing, Set<String> unsafe,
                    Set<String> orphans) {
        static Expected of(List<AttachmentRow> rows, Path root) throws IOException {
            Map<String, Path> found = new TreeMap<>();
            Set<String> other = new java.util.TreeSet<>();
            Set<String> missing = new java.util.TreeSet<>();
            Set<String> unsafe = new java.util.TreeSet<>();
            Set<String> referencedNfc = new java.util.HashSet<>();
            for (AttachmentRow row : rows) {
                String id = row.attachmentId().toString();
                referencedNfc.add(nfc(row.legacyPath()));
                if (Stream.of(row.legacyPath().split("/")).anyMatch(s -> s.equals("..") || s.isEmpty())) {
                    unsafe.add(id);
                    continue;
                }
                Optional<String> onDisk = Stream.of(row.legacyPath(), nfc(row.legacyPath()),
                                Normalizer.normalize(row.legacyPath(), Normalizer.Form.NFD))
                        .filter(p -> Files.isRegularFile(root.resolve(p))).findFirst();
                if (onDisk.isEmpty()) {
                    missing.add(id);
                    continue;
                }
                found.put(row.storageKey(), root.resolve(onDisk.get()));
                if (!onDisk.get().equals(row.legacyPath())) other.add(id);
            }
            Set<String> orphans = new java.util.TreeSet<>();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                        .filter(p -> !referencedNfc.contains(nfc(p))).forEach(orphans::add);
            }
            return new Expected(found, other, missing, unsafe, orphans);
        }

        private static String nfc(String s) {
            return Normalizer.normalize(s, Normalizer.Form.NFC);
        }
    }

    /** Every object of the bucket is one of the rows' files under its storage key, byte for byte, and vice versa. */
    private static void assertBucketHoldsExactly(String bucket, Map<String, Path> files) throws IOException {
        try (S3Client client = S3Clients.client(SyncSettings.fromEnv(settings(dir, bucket)))) {
            Set<String> keys = client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                    .map(S3Object::key).collect(Collectors.toSet());
            assertEquals(files.keySet(), keys);
            for (Map.Entry<String, Path> e : files.entrySet()) {
                assertTrue(StorageKey.problem(e.getKey()).isEmpty());
                assertArrayEquals(Files.readAllBytes(e.getValue()),
                        client.getObjectAsBytes(b -> b.bucket(bucket).key(e.getKey())).asByteArray(), e.getKey());
            }
        }
    }

    private static Set<String> ids(JsonNode items) {
        return items(items).stream().map(i -> i.path("attachmentId").asString()).collect(Collectors.toSet());
    }

    private static JsonNode latestSyncReport(Path state) throws IOException {
        return JSON.readTree(Files.readString(RunFolderFiles.newest(state, SyncReport.FILE_NAME), StandardCharsets.UTF_8));
    }

    private static Path executed(Path state, String notebook) throws IOException {
        return RunFolderFiles.newest(state, notebook);
    }

    /** The text of every output of an executed notebook, decoded as the JSON it is. */
    private static String outputText(Path notebook) throws IOException {
        StringBuilder text = new StringBuilder();
        JSON.readTree(Files.readString(notebook, StandardCharsets.UTF_8)).path("cells").forEach(cell ->
                cell.path("outputs").forEach(out -> {
                    out.path("text").forEach(line -> text.append(line.asString()));
                    out.path("data").path("text/plain").forEach(line -> text.append(line.asString()));
                }));
        return text.toString();
    }

    /** One command in a child process with cron's environment, started as {@code scripts/jbang} starts it. */
    record Child(int exit, String stdout, String stderr) {
        private static final Pattern MAIN = Pattern.compile("([\\w.]+)\\.main\\(args\\)");

        /**
         * @param script          the JBang script (scripts/NAME.java) whose options and main class to use
         * @param withUtf8Locale  through scripts/lib/utf8-locale.sh, as the launcher does; false for java alone
         */
        static Child run(String script, Map<String, String> settings, boolean withUtf8Locale) throws Exception {
            Path source = PROJECT.resolve("scripts").resolve(script + ".java");
            String text = Files.readString(source, StandardCharsets.UTF_8);
            List<String> java = new ArrayList<>(List.of("java"));
            text.lines().filter(l -> l.startsWith("//JAVA_OPTIONS "))
                    .forEach(l -> java.addAll(List.of(l.substring("//JAVA_OPTIONS ".length()).trim().split("\\s+"))));
            java.add("-Djbang.source=" + source);
            java.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
            Matcher main = MAIN.matcher(text);
            assertTrue(main.find(), source + " calls a command's main");
            java.add(main.group(1));

            List<String> command = new ArrayList<>(List.of("env", "-i", "PATH=/usr/bin:/bin",
                    "HOME=" + dir.resolve("home"), "SHELL=/bin/sh", "LOGNAME=root"));
            settings.forEach((k, v) -> command.add(k + "=" + v));
            if (withUtf8Locale) {
                command.addAll(List.of("/bin/sh", "-c", ". scripts/lib/utf8-locale.sh && exec \"$@\"", "cron-job"));
            }
            command.addAll(java);
            Files.createDirectories(dir.resolve("home"));
            Path out = Files.createTempFile(dir, script, ".out");
            Path err = Files.createTempFile(dir, script, ".err");
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).directory(PROJECT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(script + " still running after 10 minutes");
            }
            System.out.printf("cron environment%s: %s exit %d in %.1f s%n", withUtf8Locale ? "" : " without the UTF-8 locale",
                    script, process.exitValue(), (System.nanoTime() - start) / 1e9);
            return new Child(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }

        String output() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
