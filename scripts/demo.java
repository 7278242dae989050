///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// UTF-8 text (the log included) whatever the locale; file names need the locale itself: scripts/lib/utf8-locale.sh.
//JAVA_OPTIONS -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8
//DEPS io.github.nightlymigration:migrator-cli:0.1.0-SNAPSHOT
//JAVA_OPTIONS -Xmx1g
//DESCRIPTION The whole runbook on embedded databases with generated data (see --help).

/** The newcomer's first command; the command itself is io.github.nightlymigration.cli.DemoCommand. */
class demo {
    public static void main(String... args) {
        io.github.nightlymigration.cli.DemoCommand.main(args);
    }
}
