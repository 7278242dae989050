package io.github.nightlymigration.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the runbook's notebooks: beside the JBang script that launched us, else under the working directory. */
final class ProjectFiles {
    private ProjectFiles() {}

    static Path notebook(String name) {
        String script = System.getProperty("jbang.source");
        if (script != null) {
            Path beside = Path.of(script).toAbsolutePath().getParent().resolveSibling("notebooks").resolve(name);
            if (Files.exists(beside)) return beside;
        }
        return Path.of("notebooks", name).toAbsolutePath();
    }
}
