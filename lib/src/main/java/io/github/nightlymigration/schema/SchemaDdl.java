package io.github.nightlymigration.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The project's two schemas as DDL: the source of truth for the generated jOOQ classes. */
public enum SchemaDdl {
    /** CreativeQ's schema: creates demo and test legacy databases. */
    LEGACY("legacy.sql"),
    /** The new application's schema: `migrate --create-new-schema`, tests and the demo. */
    TARGET("target.sql");

    /** An index the script creates outside any constraint (jOOQ's generated classes do not carry these). */
    public record Index(String table, String name, boolean unique, String definition) {}

    private static final Pattern CREATE_INDEX = Pattern.compile(
            "CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(\\w+)\\s+ON\\s+(\\w+)\\s*([^;]*);", Pattern.CASE_INSENSITIVE);

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

    public List<Index> indexes() {
        Matcher m = CREATE_INDEX.matcher(sql());
        List<Index> indexes = new ArrayList<>();
        while (m.find()) indexes.add(new Index(m.group(3), m.group(2), m.group(1) != null, m.group(4).trim()));
        return indexes;
    }

    /** Runs the whole script in the connection's current transaction mode. */
    public void apply(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql());
        }
    }
}
