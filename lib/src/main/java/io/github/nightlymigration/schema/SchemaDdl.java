package io.github.nightlymigration.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The project's two schemas as DDL: the source of truth for the generated jOOQ classes. */
public enum SchemaDdl {
    /** CreativeQ's schema: creates demo and test legacy databases. */
    LEGACY("legacy.sql"),
    /** The new application's schema: `migrate --create-new-schema`, tests and the demo. */
    TARGET("target.sql");

    private final String resource;

    SchemaDdl(String resource) {
        this.resource = resource;
    }

    public String sql() {
        try (InputStream in = SchemaDdl.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("DDL resource missing from the jar: " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the whole script in the connection's current transaction mode. */
    public void apply(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql());
        }
    }
}
