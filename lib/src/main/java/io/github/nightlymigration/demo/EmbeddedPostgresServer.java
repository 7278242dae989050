package io.github.nightlymigration.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server from Maven Central binaries (zonky), for the demo, tests, benchmarks and
 * schema code generation: nothing to install, works as root (the server runs as `nobody`).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A throw-away server in a temporary directory on a free port. */
    public static EmbeddedPostgresServer start() {
        return start(null);
    }

    /** A server whose data survives restarts when {@code dataDirectory} is given. */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        return start(dataDirectory, false);
    }

    /**
     * {@code durable}: fsync and synchronous_commit on, as a production server runs (every commit
     * waits for its WAL flush); otherwise both off, which is faster for throw-away data but
     * flatters anything that commits often.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // Bulk loads: the defaults (128 MB WAL before checkpoint) make COPY checkpoint-bound.
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off");
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    /** Creates an empty database (optionally from a template) and returns its JDBC URL. */
    public String createDatabase(String name, String template) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\""
                    + (template == null ? "" : " TEMPLATE \"" + template.replace("\"", "\"\"") + "\""));
        }
        return jdbcUrl(name);
    }

    public String createDatabase(String name) throws SQLException {
        return createDatabase(name, null);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
