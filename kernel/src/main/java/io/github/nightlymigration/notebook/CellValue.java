package io.github.nightlymigration.notebook;

/** What a cell evaluated to: the real object of its last expression, or nothing to display. */
public record CellValue(Object value) {
    public static final CellValue NONE = new CellValue(null);

    public boolean isPresent() {
        return value != null;
    }
}
