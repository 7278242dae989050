package io.github.nightlymigration.bench;

import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.newapp.DeferredIndexes;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.schema.SchemaDdl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Table;
import org.postgresql.PGConnection;

/**
 * The target-write floor: what writing this target costs the server at the least, whatever
 * the migration does in Java. Tonight's 11 new tables, as the migration published them, are
 * COPYed out in binary once; each measurement loads them into a fresh database with the same
 * DDL (target.sql) the way the run loads its staged tables: keys, indexes and foreign keys
 * dropped, binary COPY (FREEZE, as a run's staged tables) in one transaction, then keys, indexes and ANALYZE per table on as many
 * connections as the run uses, foreign keys added NOT VALID and validated. Creating the
 * database is not timed; everything from the first COPY to the last validation is.
 */
final class TargetFloor {
    private static final String DATABASE = "target_floor";
    private final Path dir;
    private final List<String> tables = MigrationPlan.newTables().stream().map(Table::getName).toList();

    private TargetFloor(Path dir) {
        this.dir = dir;
    }

    /** Copies the new tables out of {@code newUrl} as the migration left them. */
    static TargetFloor capture(String newUrl, Path dir) throws SQLException, IOException {
        Files.createDirectories(dir);
        TargetFloor floor = new TargetFloor(dir);
        try (Connection c = DriverManager.getConnection(newUrl)) {
            for (String table : floor.tables) {
                try (OutputStream out = Files.newOutputStream(dir.resolve(table + ".copy"))) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", out);
                }
            }
        }
        return floor;
    }

    long bytes() throws IOException {
        long sum = 0;
        for (String table : tables) sum += Files.size(dir.resolve(table + ".copy"));
        return sum;
    }

    /** One measurement, in seconds, on a new empty database of {@code server}, dropped again afterwards. */
    double run(EmbeddedPostgresServer server, int parallelism) throws SQLException, IOException {
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres")); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
        String url = server.createDatabase(DATABASE);
        List<Connection> connections = new ArrayList<>();
        try {
            Connection load = DriverManager.getConnection(url);
            connections.add(load);
            SchemaDdl.TARGET.apply(load);
            load.setAutoCommit(false);
            long t0 = System.nanoTime();
            DeferredIndexes indexes = DeferredIndexes.drop(load, MigrationPlan.newTables());
            try (Statement s = load.createStatement()) {
                s.execute("TRUNCATE " + String.join(", ", tables)); // so the rows may be written frozen, as a run's are
            }
            for (String table : tables) {
                try (InputStream in = Files.newInputStream(dir.resolve(table + ".copy"))) {
                    load.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN (FORMAT binary, FREEZE)", in);
                }
            }
            load.commit();
            load.setAutoCommit(true);
            while (connections.size() < parallelism) connections.add(DriverManager.getConnection(url));
            if (parallelism > 1) {
                indexes.recreate(connections, MigrationPlan.newTables(), Progress.NONE);
            } else {
                indexes.recreate(load, Progress.NONE);
                try (Statement s = load.createStatement()) {
                    s.execute("ANALYZE " + String.join(", ", tables));
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            for (Connection c : connections) c.close();
            // Untimed: left standing, its tables would be autovacuumed during the next case.
            try (Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres")); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            }
        }
    }
}
