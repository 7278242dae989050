///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// UTF-8 text (the log included) whatever the locale; file names need the locale itself: scripts/lib/utf8-locale.sh.
//JAVA_OPTIONS -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8
//DEPS io.github.nightlymigration:migrator-cli:0.1.0-SNAPSHOT
//JAVA_OPTIONS -Xmx512m
//DESCRIPTION Attachment files to S3-compatible storage, once: runs notebooks/03-files-to-s3.ipynb headless.

/** The cron entry point on the files machine; the command itself is io.github.nightlymigration.cli.SyncFilesCommand. */
class sync_files {
    public static void main(String... args) {
        io.github.nightlymigration.cli.SyncFilesCommand.main(args);
    }
}
