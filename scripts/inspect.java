///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS io.github.nightlymigration:migrator-cli:0.1.0-SNAPSHOT
//DESCRIPTION Tables and charts of both databases and the run history (runs notebooks/04-inspect.ipynb headless); --trace old.orders:123 prints one row's lineage.

/** The command itself is io.github.nightlymigration.cli.InspectCommand. */
class inspect {
    public static void main(String... args) {
        io.github.nightlymigration.cli.InspectCommand.main(args);
    }
}
