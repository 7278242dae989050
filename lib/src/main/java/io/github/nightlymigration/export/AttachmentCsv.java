package io.github.nightlymigration.export;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/** Reads and writes {@code attachments.csv} (RFC 4180, UTF-8, header row, columns in {@link #COLUMNS} order). */
public final class AttachmentCsv {

    public static final String FILE_NAME = "attachments.csv";
    public static final List<String> COLUMNS = List.of("attachment_id", "old_comment_id", "request_id",
            "legacy_path", "storage_key", "filename", "content_type", "byte_size");

    private AttachmentCsv() {
    }

    /** Writes the rows, in the order given (the export sorts them by old_comment_id), atomically. */
    public static void write(Path file, Iterable<AttachmentRow> rows) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get();
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter printer = new CSVPrinter(writer, format)) {
                for (AttachmentRow r : rows) {
                    printer.printRecord(r.attachmentId(), r.oldCommentId(), r.requestId(), r.legacyPath(),
                            r.storageKey(), r.filename(), r.contentType() == null ? "" : r.contentType(),
                            r.byteSize() == null ? "" : r.byteSize());
                }
                printer.flush();
            }
        });
    }

    /** Reads every row; refuses a wrong header or a malformed value, naming the line and the column. */
    public static List<AttachmentRow> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, CSVFormat.RFC4180)) {
            List<AttachmentRow> rows = new ArrayList<>();
            boolean header = true;
            for (CSVRecord record : parser) {
                if (header) {
                    if (!record.toList().equals(COLUMNS)) {
                        throw new ExportVerificationException(file + ": header " + record.toList()
                                + " is not " + COLUMNS);
                    }
                    header = false;
                    continue;
                }
                rows.add(parse(file, record));
            }
            if (header) {
                throw new ExportVerificationException(file + ": empty, expected a header row " + COLUMNS);
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw new ExportVerificationException(file + " is missing");
        } catch (IOException | UncheckedIOException e) {
            throw new ExportVerificationException(file + ": not valid CSV (" + e.getMessage() + ")");
        }
    }

    private static AttachmentRow parse(Path file, CSVRecord record) {
        String where = file.getFileName() + " line " + record.getParser().getCurrentLineNumber();
        if (record.size() != COLUMNS.size()) {
            throw new ExportVerificationException(where + ": " + record.size() + " columns, expected " + COLUMNS.size());
        }
        return new AttachmentRow(
                uuid(where, "attachment_id", record.get(0)),
                number(where, "old_comment_id", record.get(1)),
                uuid(where, "request_id", record.get(2)),
                required(where, "legacy_path", record.get(3)),
                required(where, "storage_key", record.get(4)),
                record.get(5),
                record.get(6),
                record.get(7).isEmpty() ? null : number(where, "byte_size", record.get(7)));
    }

    private static UUID uuid(String where, String column, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ExportVerificationException(where + ": " + column + " '" + value + "' is not a UUID");
        }
    }

    private static long number(String where, String column, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ExportVerificationException(where + ": " + column + " '" + value + "' is not an integer");
        }
    }

    private static String required(String where, String column, String value) {
        if (value.isEmpty()) {
            throw new ExportVerificationException(where + ": " + column + " is empty");
        }
        return value;
    }
}
