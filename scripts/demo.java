///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS io.github.nightlymigration:migrator-cli:0.1.0-SNAPSHOT
//JAVA_OPTIONS -Xmx1g
//DESCRIPTION The whole runbook on embedded databases with generated data (see --help).

/** The newcomer's first command; the command itself is io.github.nightlymigration.cli.DemoCommand. */
class demo {
    public static void main(String... args) {
        io.github.nightlymigration.cli.DemoCommand.main(args);
    }
}
