///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS io.github.nightlymigration:migrator-cli:0.1.0-SNAPSHOT
//JAVA_OPTIONS -Xmx1g
//DESCRIPTION The cut-over night: old app stopped?, final migration, ID export, file sync, validation, mark live (see --help).

/** The command itself is io.github.nightlymigration.cli.CutoverCommand; notebooks/05-cut-over.ipynb has the same steps. */
class cutover {
    public static void main(String... args) {
        io.github.nightlymigration.cli.CutoverCommand.main(args);
    }
}
