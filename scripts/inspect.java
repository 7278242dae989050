///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// UTF-8 text (the log included) whatever the locale; file names need the locale itself: scripts/lib/utf8-locale.sh.
//JAVA_OPTIONS -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8
//DEPS io.github.nightlymigration:migrator-cli:0.1.0-SNAPSHOT
//DESCRIPTION Tables and charts of both databases and the run history (runs notebooks/04-inspect.ipynb headless); --trace old.orders:123 prints one row's lineage.

/** The command itself is io.github.nightlymigration.cli.InspectCommand. */
class inspect {
    public static void main(String... args) {
        io.github.nightlymigration.cli.InspectCommand.main(args);
    }
}
