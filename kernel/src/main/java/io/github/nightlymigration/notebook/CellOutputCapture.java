package io.github.nightlymigration.notebook;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Replaces System.out / System.err while the runner runs cells: what a cell prints goes to the real
 * stream at once (the cron log shows progress) and is kept as the cell's stream output.
 */
final class CellOutputCapture implements AutoCloseable {
    private final PrintStream realOut = System.out;
    private final PrintStream realErr = System.err;
    private final Channel out = new Channel("stdout", realOut);
    private final Channel err = new Channel("stderr", realErr);
    private final BiConsumer<String, String> onText;

    /** @param onText receives (stream name, text) each time captured text is drained */
    CellOutputCapture(BiConsumer<String, String> onText) {
        this.onText = onText;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    PrintStream realOut() {
        return realOut;
    }

    PrintStream realErr() {
        return realErr;
    }

    /** Hands over what was printed since the last drain, so outputs stay in the order they happened. */
    void drain() {
        System.out.flush();
        System.err.flush();
        out.drain();
        err.drain();
    }

    @Override
    public void close() {
        drain();
        System.setOut(realOut);
        System.setErr(realErr);
    }

    private final class Channel extends OutputStream {
        private final String name;
        private final PrintStream real;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Channel(String name, PrintStream real) {
            this.name = name;
            this.real = real;
        }

        @Override
        public synchronized void write(int b) {
            real.write(b);
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            real.write(b, off, len);
            pending.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            real.flush();
        }

        synchronized void drain() {
            if (pending.size() > 0) {
                onText.accept(name, pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        }
    }
}
