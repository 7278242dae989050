///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// UTF-8 text (the log included) whatever the locale; file names need the locale itself: scripts/lib/utf8-locale.sh.
//JAVA_OPTIONS -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8
//DEPS io.github.nightlymigration:migrator-cli:0.1.0-SNAPSHOT
//JAVA_OPTIONS -Xmx1g
// The serial collector: a batch job on two cores needs no concurrent collector, and G1 grew the heap to
// 400-530 MB around 80 MB of live data (peak RSS 470-700 MB a night against 330-350 MB, no slower; README).
//JAVA_OPTIONS -XX:+UseSerialGC
// A nightly run lasts seconds to minutes: the optimising compiler (C2) only for code hot enough to pay it back.
// It spent 3.8 of the JVM's 8 CPU seconds at scale 1 and competes with PostgreSQL for the cores (README, Performance).
//JAVA_OPTIONS -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000
//JAVA_OPTIONS -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000
// Class data sharing: JBang archives the loaded classes on the first run after a build and maps them on
// every later run; the notebook path loads the JDK's compiler and JShell, about 3 CPU s a night without
// it. What the archiving says about classes it cannot keep is not for the operator's mail.
//CDS
//JAVA_OPTIONS -Xlog:cds=off,cds+dynamic=off
//DESCRIPTION Nightly DB migration: runs notebooks/01-nightly-migration.ipynb headless (see --help).

/** The cron entry point; the command itself is io.github.nightlymigration.cli.MigrateCommand. */
class migrate {
    public static void main(String... args) {
        io.github.nightlymigration.cli.MigrateCommand.main(args);
    }
}
