package io.github.nightlymigration.bench;

import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * pgloader's plain PostgreSQL-to-PostgreSQL copy of the legacy database into a fresh one: the
 * tool an operator would reach for first. It transforms nothing but does create the tables,
 * indexes and keys, as the migration does.
 */
final class PgloaderCopy {
    private PgloaderCopy() {}

    static boolean available() {
        try {
            return new ProcessBuilder("pgloader", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Copies {@code from} into a new database {@code into} and returns the seconds pgloader took. */
    static double run(EmbeddedPostgresServer server, String from, String into) throws IOException, InterruptedException, SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"))) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + into);
        }
        server.createDatabase(into);
        String base = "pgsql://postgres@127.0.0.1:" + server.port() + "/";
        Path log = Files.createTempFile("pgloader", ".log");
        long t0 = System.nanoTime();
        // Fewer prefetched rows than the default 100,000: at scale 10 the default exhausts SBCL's
        // heap, and pgloader then waits in its debugger (stdin from /dev/null lets it exit instead).
        Process p = new ProcessBuilder(List.of("pgloader", "--with", "prefetch rows = 10000", base + from, base + into))
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(new java.io.File("/dev/null")).start();
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException("pgloader exited " + exit + " (log " + log + "): "
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
        Files.delete(log);
        return seconds;
    }
}
