package io.github.nightlymigration.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/**
 * The Jupyter kernel: Jupyter's messages (via jupyter-jvm-basekernel) in front of a {@link CellEngine}.
 * A failing cell fails its execute request with the Java exception's class, message and trace, which is
 * what makes {@code jupyter nbconvert --execute} stop and exit non-zero.
 * <p>
 * Started by Jupyter as {@code java -jar migrator-kernel-all.jar CONNECTION_FILE}, in the notebook's
 * directory; see {@code scripts/install-kernel}.
 */
public final class NotebookKernel extends BaseKernel implements DisplaySink {
    private final CellEngine engine;
    private final LanguageInfo languageInfo = new LanguageInfo("java", Runtime.version().toString(),
            "text/x-java-source", ".jshell", "java", "java", null);

    public NotebookKernel(Path notebookDir) {
        this.engine = new CellEngine(notebookDir, this);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: NotebookKernel CONNECTION_FILE (Jupyter passes it; see scripts/install-kernel)");
            System.exit(2);
        }
        // The base kernel logs every message at INFO (to the terminal Jupyter runs in): keep warnings only.
        Logger.getLogger("").setLevel(Level.WARNING);
        KernelConnectionProperties connectionProperties =
                KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(connectionProperties);
        NotebookKernel kernel = new NotebookKernel(Path.of("").toAbsolutePath());
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        // Threads a notebook started must not keep a shut-down kernel alive.
        System.exit(0);
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        CellValue value;
        try {
            value = engine.eval(code);
        } catch (Exception failure) {
            // The execute reply (what nbconvert prints when it stops) carries the bare stack frames of
            // the exception thrown here: keep only the cell's own, as the error output does.
            failure.setStackTrace(CellError.cellFrames(failure.getStackTrace()));
            throw failure;
        }
        return value.isPresent() ? RichRenderer.toDisplayData(RichRenderer.render(value.value())) : null;
    }

    @Override
    public List<String> formatError(Exception e) {
        return CellError.of(e).traceback();
    }

    @Override
    public void interrupt() {
        engine.interrupt();
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] replaceStart = new int[1];
        List<String> options = engine.complete(code, at, replaceStart);
        return options.isEmpty() ? null : new ReplacementOptions(options, replaceStart[0], at);
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        engine.close();
    }

    @Override
    public void display(MimeBundle bundle, String displayId) {
        DisplayData data = RichRenderer.toDisplayData(bundle);
        data.setDisplayId(displayId);
        display(data);
    }

    @Override
    public void updateDisplay(MimeBundle bundle, String displayId) {
        getIO().display.updateDisplay(displayId, RichRenderer.toDisplayData(bundle));
    }
}
