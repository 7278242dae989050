package io.github.nightlymigration.notebook;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Keeps the compiler of the cells (javac and JShell) out of the JVM's optimising JIT (C2) for a
 * headless run. A notebook compiles a few dozen snippets once, so javac gets hot enough for C2 but
 * never repays it, and C2's time then competes with the work the cells call (measured at scale 1:
 * C2 spent about 1.5 CPU s on javac, about a fifth of its time). The first tier (C1) is plenty.
 * <p>
 * A compiler directive added at run time (what {@code jcmd Compiler.directives_add} does), so no JVM
 * flag or file has to travel with the launcher. Where the JVM does not offer it, nothing changes.
 */
final class CellCompilerTier {
    private static final String DIRECTIVES = """
            [{ match: ["com/sun/tools/javac/*.*", "jdk/jshell/*.*"], c2: { Exclude: true } }]
            """;

    private CellCompilerTier() {}

    static void keepOnFirstTier() {
        try {
            Path file = Files.createTempFile("cell-compiler-directives", ".json");
            try {
                Files.writeString(file, DIRECTIVES);
                ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | JMException | RuntimeException e) {
            // Only a matter of speed: the cells run the same either way.
        }
    }
}
