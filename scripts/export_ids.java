///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// UTF-8 text (the log included) whatever the locale; file names need the locale itself: scripts/lib/utf8-locale.sh.
//JAVA_OPTIONS -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8
//DEPS io.github.nightlymigration:migrator-cli:0.1.0-SNAPSHOT
//DESCRIPTION ID translations and attachments.csv as CSV with a manifest: runs notebooks/02-export-id-csv.ipynb headless.

/** The cron entry point; the command itself is io.github.nightlymigration.cli.ExportIdsCommand. */
class export_ids {
    public static void main(String... args) {
        io.github.nightlymigration.cli.ExportIdsCommand.main(args);
    }
}
