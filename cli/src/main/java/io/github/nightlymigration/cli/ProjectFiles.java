package io.github.nightlymigration.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the runbook's notebooks: beside the JBang script that launched us, else in the working
 * directory or the nearest parent that has a notebooks/ folder.
 */
final class ProjectFiles {
    private ProjectFiles() {}

    static Path notebook(String name) {
        String script = System.getProperty("jbang.source");
        if (script != null) {
            Path beside = Path.of(script).toAbsolutePath().getParent().resolveSibling("notebooks").resolve(name);
            if (Files.exists(beside)) return beside;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("notebooks").resolve(name);
            if (Files.exists(candidate)) return candidate;
        }
        return Path.of("notebooks", name).toAbsolutePath();
    }
}
