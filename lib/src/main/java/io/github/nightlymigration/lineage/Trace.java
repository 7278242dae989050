package io.github.nightlymigration.lineage;

import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * Where one row came from or what it became: {@link #rows} (old and new rows with their ids), what the
 * last published run said about the old row(s) ({@link #findings}), and {@link #notes} on how far the
 * answer goes. Notebooks show it as HTML; {@code inspect --trace} prints {@link #toString()}.
 */
public record Trace(String subject, Table rows, Table findings, List<String> notes) {
    /** The first new row this trace found derived from the old row, as a trace argument ({@code new.requests:<uuid>}). */
    public Optional<String> firstDerived() {
        for (int i = 0; i < rows.rowCount(); i++) {
            if (rows.stringColumn("relation").get(i).equals("derived")) {
                return Optional.of(rows.stringColumn("table").get(i) + ":" + rows.stringColumn("id").get(i));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(subject).append('\n');
        out.append(rows.rowCount() == 0 ? "  no rows\n" : rows.printAll().indent(2));
        if (findings.rowCount() > 0) out.append(findings.printAll().indent(2));
        notes.forEach(n -> out.append("  note: ").append(n).append('\n'));
        return out.toString();
    }
}
