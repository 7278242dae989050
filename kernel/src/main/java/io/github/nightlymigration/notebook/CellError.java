package io.github.nightlymigration.notebook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * How a failed cell is reported (nbformat's error output): the Java exception's class, its message and
 * a traceback of its stack trace and causes. Frames of the kernel and JShell below the cell's own code
 * are left out: they are the same for every cell and hide the part that matters.
 */
public record CellError(String ename, String evalue, List<String> traceback) {
    /** Frames of the code JShell compiled from the cell are in classes named REPL.$JShell$N... */
    private static final String CELL_FRAME_PREFIX = "REPL.";

    public static CellError of(Throwable failure) {
        if (failure instanceof CellCompileException compile) {
            List<String> lines = new ArrayList<>();
            lines.add("Compile error at cell line " + compile.cellLine() + ": " + compile.compilerMessage());
            lines.add("    " + compile.sourceLine().strip());
            return new CellError("CompileError", compile.getMessage(), lines);
        }
        if (failure instanceof CellInterruptedException stopped) {
            return new CellError("Interrupted", stopped.getMessage(), List.of(stopped.getMessage()));
        }
        Throwable shown = failure instanceof UncaughtErrorException ? failure.getCause() : failure;
        return new CellError(shown.getClass().getName(), String.valueOf(shown.getMessage()), traceback(shown));
    }

    /** The traceback as one text, as it is printed to a log. */
    public String text() {
        return String.join("\n", traceback);
    }

    static List<String> traceback(Throwable failure) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String prefix = "";
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            lines.add(prefix + t);
            StackTraceElement[] frames = t.getStackTrace();
            int shown = lastCellFrame(frames) + 1;
            if (shown == 0) {
                shown = frames.length; // thrown outside the cell's code: keep the whole trace
            }
            for (int i = 0; i < shown; i++) {
                lines.add("\tat " + frames[i]);
            }
            if (shown < frames.length) {
                lines.add("\t... " + (frames.length - shown) + " frames of the notebook kernel");
            }
            prefix = "Caused by: ";
        }
        return lines;
    }

    /** The frames down to the cell's own code, or all of them if the cell's code is not among them. */
    static StackTraceElement[] cellFrames(StackTraceElement[] frames) {
        int last = lastCellFrame(frames);
        return last < 0 ? frames : java.util.Arrays.copyOf(frames, last + 1);
    }

    private static int lastCellFrame(StackTraceElement[] frames) {
        for (int i = frames.length - 1; i >= 0; i--) {
            if (frames[i].getClassName().startsWith(CELL_FRAME_PREFIX)) {
                return i;
            }
        }
        return -1;
    }
}
