package io.github.nightlymigration.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code manifest.json} of an export directory: for each CSV file (UTF-8, RFC 4180, one header row) its data row
 * count, byte size and SHA-256. Written last by the producer, verified first by every consumer, so a consumer
 * never acts on a partial, truncated or edited export.
 */
public record ExportManifest(int format, Instant createdAt, List<Entry> files) {

    public static final String FILE_NAME = "manifest.json";
    public static final int FORMAT = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One exported file: data rows (header excluded), size in bytes, lowercase hex SHA-256. */
    public record Entry(String name, long rows, long bytes, String sha256) {
    }

    public ExportManifest {
        files = List.copyOf(files);
    }

    public Optional<Entry> entry(String name) {
        return files.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Measures the named files of {@code dir} (rows, bytes, sha256) without writing anything. */
    public static ExportManifest describe(Path dir, List<String> fileNames) {
        List<Entry> entries = new ArrayList<>();
        for (String name : fileNames) {
            Path file = dir.resolve(name);
            try {
                entries.add(new Entry(name, countDataRows(file), Files.size(file), sha256(file)));
            } catch (NoSuchFileException e) {
                throw new UncheckedIOException("Cannot describe export file " + file + ": it does not exist", e);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot describe export file " + file + ": " + e.getMessage(), e);
            }
        }
        return new ExportManifest(FORMAT, Instant.now().truncatedTo(ChronoUnit.MILLIS), entries);
    }

    /** Describes the named files and writes {@code manifest.json} into {@code dir} atomically. */
    public static ExportManifest write(Path dir, List<String> fileNames) {
        ExportManifest manifest = describe(dir, fileNames);
        AtomicFiles.writeString(dir.resolve(FILE_NAME), manifest.toJson());
        return manifest;
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", format);
        root.put("created_at", createdAt.toString());
        ArrayNode list = root.putArray("files");
        for (Entry e : files) {
            list.addObject().put("name", e.name()).put("rows", e.rows()).put("bytes", e.bytes()).put("sha256", e.sha256());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** Reads {@code dir/manifest.json}; refuses an unreadable or malformed manifest. */
    public static ExportManifest read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ExportVerificationException(file + " is missing: the export is incomplete or not an export");
        } catch (IOException | JacksonException e) {
            throw new ExportVerificationException(file + " cannot be read as JSON: " + e.getMessage());
        }
        int format = root.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new ExportVerificationException(file + ": format " + root.path("format") + " is not " + FORMAT);
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(root.path("created_at").asString(""));
        } catch (DateTimeParseException e) {
            throw new ExportVerificationException(file + ": created_at '" + root.path("created_at").asString("")
                    + "' is not an ISO-8601 UTC instant");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            String name = f.path("name").asString("");
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..")) {
                throw new ExportVerificationException(file + ": file name '" + name + "' is not a plain file name");
            }
            if (!f.path("rows").isIntegralNumber() || !f.path("bytes").isIntegralNumber()
                    || !f.path("sha256").isString()) {
                throw new ExportVerificationException(file + ": entry '" + name + "' lacks rows, bytes or sha256");
            }
            entries.add(new Entry(name, f.path("rows").asLong(), f.path("bytes").asLong(), f.path("sha256").asString()));
        }
        return new ExportManifest(format, createdAt, entries);
    }

    /**
     * Reads the manifest of {@code dir} and checks every listed file: present, same size, same SHA-256, same data
     * row count. All differences are collected, then refused together.
     *
     * @param required file names that must be listed in the manifest (e.g. {@code attachments.csv})
     * @throws ExportVerificationException naming each file and what differs
     */
    public static ExportManifest verify(Path dir, String... required) {
        ExportManifest manifest = read(dir);
        List<String> problems = new ArrayList<>();
        for (String name : required) {
            if (manifest.entry(name).isEmpty()) {
                problems.add(name + ": not listed in " + FILE_NAME);
            }
        }
        for (Entry expected : manifest.files()) {
            Path file = dir.resolve(expected.name());
            if (!Files.isRegularFile(file)) {
                problems.add(expected.name() + ": missing");
                continue;
            }
            try {
                long bytes = Files.size(file);
                if (bytes != expected.bytes()) {
                    problems.add(expected.name() + ": size " + bytes + " bytes, manifest says " + expected.bytes());
                }
                String sha = sha256(file);
                if (!sha.equals(expected.sha256())) {
                    problems.add(expected.name() + ": sha256 " + sha + ", manifest says " + expected.sha256());
                }
                long rows = countDataRows(file);
                if (rows != expected.rows()) {
                    problems.add(expected.name() + ": " + rows + " data rows, manifest says " + expected.rows());
                }
            } catch (IOException | UncheckedIOException e) {
                problems.add(expected.name() + ": unreadable (" + e.getMessage() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ExportVerificationException(dir, problems);
        }
        return manifest;
    }

    /** Data rows of a CSV file with one header row; quoted fields may span lines, so records are parsed. */
    static long countDataRows(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, CSVFormat.RFC4180)) {
            long records = 0;
            for (var ignored : parser) {
                records++;
            }
            return Math.max(0, records - 1);
        } catch (UncheckedIOException e) {
            throw new IOException("not valid CSV: " + e.getCause().getMessage(), e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
