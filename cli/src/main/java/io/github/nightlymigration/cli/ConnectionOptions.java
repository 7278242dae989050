package io.github.nightlymigration.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Flags shared by the commands; each overrides its MIGRATOR_* variable. Passwords are only taken
 * from the environment (MIGRATOR_OLD_PASSWORD, MIGRATOR_NEW_PASSWORD): a flag would show in `ps`.
 */
public final class ConnectionOptions {
    @Option(names = "--old-url", paramLabel = "JDBC_URL", description = "legacy database (default: $MIGRATOR_OLD_URL)")
    String oldUrl;

    @Option(names = "--new-url", paramLabel = "JDBC_URL", description = "new database (default: $MIGRATOR_NEW_URL)")
    String newUrl;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "translator, lock and run folders (default: $MIGRATOR_STATE_DIR or ./state)")
    String stateDir;

    /** The state directory these flags and the environment name (before any validation). */
    Path stateDir() {
        return Path.of(environment().getOrDefault("MIGRATOR_STATE_DIR", "state"));
    }

    /** The process environment with the flags on top. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        if (oldUrl != null) env.put("MIGRATOR_OLD_URL", oldUrl);
        if (newUrl != null) env.put("MIGRATOR_NEW_URL", newUrl);
        if (stateDir != null) env.put("MIGRATOR_STATE_DIR", stateDir);
        return env;
    }
}
