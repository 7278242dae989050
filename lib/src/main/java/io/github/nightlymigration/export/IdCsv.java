package io.github.nightlymigration.export;

import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
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
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.Source;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * One translator kind as CSV ({@code <kind>.csv}): the old key in clear columns, then new_id;
 * RFC 4180, UTF-8, header row, rows in key order. The file the files machine reads and the
 * translator's backup.
 */
public final class IdCsv {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private IdCsv() {}

    public static String fileName(IdKind kind) {
        return kind.fileName() + ".csv";
    }

    public static List<String> header(IdKind kind) {
        List<String> header = new ArrayList<>(kind.keyColumns);
        header.add("new_id");
        return header;
    }

    /** Writes every translation of the kind atomically. */
    static void write(IdTranslator ids, IdKind kind, Path dir) {
        AtomicFiles.write(dir.resolve(fileName(kind)), out -> {
            CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                    FORMAT.builder().setHeader(header(kind).toArray(String[]::new)).get());
            IOException[] failure = {null};
            ids.forEach(kind, (oldId, part, bigint, uuid) -> {
                try {
                    Object newId = kind.uuid ? uuid : bigint;
                    if (kind.composite) printer.printRecord(oldId, part, newId);
                    else printer.printRecord(oldId, newId);
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) throw failure[0];
            printer.close(true);
        });
    }

    /** Loads a kind's CSV into the translator, refusing a wrong header or value with file, line and column. */
    static void read(Path dir, IdKind kind, IdTranslator into) {
        Path file = dir.resolve(fileName(kind));
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            boolean header = true;
            for (CSVRecord record : parser) {
                if (header) {
                    if (!record.toList().equals(header(kind))) {
                        throw new ExportVerificationException(file + ": header " + record.toList() + " is not " + header(kind));
                    }
                    header = false;
                    continue;
                }
                String where = file.getFileName() + " line " + parser.getCurrentLineNumber();
                if (record.size() != header(kind).size()) {
                    throw new ExportVerificationException(where + ": " + record.size() + " columns, expected " + header(kind).size());
                }
                try {
                    long oldId = Long.parseLong(record.get(0));
                    String part = kind.composite ? record.get(1) : null;
                    String newId = record.get(record.size() - 1);
                    if (kind.uuid) into.load(kind, oldId, null, 0L, UUID.fromString(newId));
                    else into.load(kind, oldId, part, Long.parseLong(newId), null);
                } catch (IllegalArgumentException e) {
                    throw new ExportVerificationException(where + ": not an old id and a new id (" + e.getMessage() + ")");
                }
            }
            if (header) throw new ExportVerificationException(file + ": empty, expected a header row " + header(kind));
        } catch (NoSuchFileException e) {
            throw new ExportVerificationException(file + " is missing");
        } catch (IOException | UncheckedIOException e) {
            throw new ExportVerificationException(file + ": not valid CSV (" + e.getMessage() + ")");
        }
    }

    /** A CSV of an export as a Tablesaw table, every column as text, for inspection in a notebook. */
    public static Table table(Path csv) {
        try {
            // Tablesaw guesses a file's charset (falling back to the platform's): the export is UTF-8, always.
            return Table.read().usingOptions(CsvReadOptions.builder(new Source(csv.toFile(), StandardCharsets.UTF_8))
                    .tableName(csv.getFileName().toString())
                    .columnTypesToDetect(List.of(ColumnType.STRING)).build());
        } catch (RuntimeException e) {
            throw new ExportVerificationException(csv + ": cannot be read as a table (" + e.getMessage() + ")");
        }
    }
}
