///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// UTF-8 text (the log included) whatever the locale; file names need the locale itself: scripts/lib/utf8-locale.sh.
//JAVA_OPTIONS -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8
//DEPS io.github.nightlymigration:migrator-cli:0.1.0-SNAPSHOT
//JAVA_OPTIONS -Xmx1g
// The final migration is the nightly one: the same collector as scripts/migrate.java, for the same reason.
//JAVA_OPTIONS -XX:+UseSerialGC
//DESCRIPTION The cut-over night: old app stopped?, final migration, ID export, file sync, validation, mark live (see --help).

/** The command itself is io.github.nightlymigration.cli.CutoverCommand; notebooks/05-cut-over.ipynb has the same steps. */
class cutover {
    public static void main(String... args) {
        io.github.nightlymigration.cli.CutoverCommand.main(args);
    }
}
