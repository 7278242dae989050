package io.github.nightlymigration.support;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.schema.SchemaDdl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL for the whole test JVM; each test gets fresh databases, cloned from
 * template databases that hold the two schemas (a clone takes milliseconds, a server seconds).
 */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestDatabases() {}

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            server = EmbeddedPostgresServer.start();
            try {
                template("legacy_template", SchemaDdl.LEGACY);
                template("target_template", SchemaDdl.TARGET);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    private static void template(String name, SchemaDdl ddl) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.createDatabase(name))) {
            ddl.apply(c);
        }
    }

    /** A new, empty legacy database with CreativeQ's schema. */
    public static String legacy() throws SQLException {
        return server().createDatabase("legacy_" + COUNTER.incrementAndGet(), "legacy_template");
    }

    /** A new, empty database with the new app's schema. */
    public static String target() throws SQLException {
        return server().createDatabase("target_" + COUNTER.incrementAndGet(), "target_template");
    }

    /** An empty database without any schema. */
    public static String empty() throws SQLException {
        return server().createDatabase("empty_" + COUNTER.incrementAndGet());
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }

    public static MigratorSettings settings(String oldUrl, String newUrl, Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put("MIGRATOR_OLD_URL", oldUrl);
        env.put("MIGRATOR_NEW_URL", newUrl);
        env.put("MIGRATOR_STATE_DIR", stateDir.toString());
        env.put("MIGRATOR_LOCK_TIMEOUT", "5s");
        return MigratorSettings.fromMap(env);
    }
}
