///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS io.github.nightlymigration:migrator-cli:0.1.0-SNAPSHOT
//JAVA_OPTIONS -Xmx1g
//DESCRIPTION Nightly DB migration: runs notebooks/01-nightly-migration.ipynb headless (see --help).

/** The cron entry point; the command itself is io.github.nightlymigration.cli.MigrateCommand. */
class migrate {
    public static void main(String... args) {
        io.github.nightlymigration.cli.MigrateCommand.main(args);
    }
}
