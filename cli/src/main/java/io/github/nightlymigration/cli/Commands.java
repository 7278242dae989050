package io.github.nightlymigration.cli;

import io.github.nightlymigration.MigratorException;
import picocli.CommandLine;

/**
 * What every command shares: a MigratorException becomes one line on stderr and its exit code, and
 * {@code --version} names the build.
 */
final class Commands {
    private Commands() {}

    static CommandLine line(Object command) {
        CommandLine line = new CommandLine(command);
        line.getCommandSpec().versionProvider(new BuildVersion());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof MigratorException m) {
                cmd.getErr().println(cmd.getCommandName() + ": " + m.getMessage());
                return m.exitCode();
            }
            cmd.getErr().println(cmd.getCommandName() + ": " + e);
            return 1;
        });
        return line;
    }
}
