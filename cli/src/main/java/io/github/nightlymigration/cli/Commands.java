package io.github.nightlymigration.cli;

import io.github.nightlymigration.MigratorException;
import io.github.nightlymigration.monitoring.CommandWatch;
import picocli.CommandLine;

/**
 * What every command shares: a MigratorException becomes one line on stderr and its exit code,
 * {@code --version} names the build, and a night's run of a {@link Watched} command is watched from
 * outside (pings, metrics, the outcome line) once its flags are parsed.
 */
final class Commands {
    private Commands() {}

    static CommandLine line(Object command) {
        CommandLine line = new CommandLine(command);
        line.getCommandSpec().versionProvider(new BuildVersion());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, cmd));
        line.setExecutionStrategy(parsed -> {
            boolean help = parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested();
            if (help || !(command instanceof Watched w) || w.watchedAs() == null) {
                return new CommandLine.RunLast().execute(parsed);
            }
            CommandWatch watch = CommandWatch.begin(w.watchedAs(), w.environment(), w.stateDir());
            int exitCode = 1; // an Error on its way out of the JVM
            String reason = null;
            try {
                exitCode = new CommandLine.RunLast().execute(parsed);
            } catch (CommandLine.ExecutionException e) {
                reason = String.valueOf(e.getCause());
                if (!(e.getCause() instanceof Exception cause)) throw e;
                exitCode = failed(cause, line);
                reason = reason(cause);
            } finally {
                watch.end(exitCode, reason);
            }
            return exitCode;
        });
        return line;
    }

    private static int failed(Exception e, CommandLine cmd) {
        cmd.getErr().println(cmd.getCommandName() + ": " + reason(e));
        return e instanceof MigratorException m ? m.exitCode() : 1;
    }

    private static String reason(Exception e) {
        return e instanceof MigratorException ? e.getMessage() : e.toString();
    }
}
