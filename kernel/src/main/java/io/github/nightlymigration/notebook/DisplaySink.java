package io.github.nightlymigration.notebook;

/** Receives the rich outputs a cell publishes while it runs ({@code display(...)}, {@code updateDisplay(...)}). */
public interface DisplaySink {
    void display(MimeBundle bundle, String displayId);

    void updateDisplay(MimeBundle bundle, String displayId);
}
