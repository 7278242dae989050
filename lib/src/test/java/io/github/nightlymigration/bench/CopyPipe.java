package io.github.nightlymigration.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * The physical reference: every legacy table piped as {@code COPY ... TO STDOUT (FORMAT binary)}
 * into {@code COPY ... FROM STDIN (FORMAT binary)} of a same-shaped table, in one transaction
 * after a TRUNCATE (as the migration does). Java only moves bytes; both servers do the work.
 */
final class CopyPipe {
    private CopyPipe() {}

    static long run(Connection old, Connection copyTarget, List<String> tables) throws SQLException {
        try (Statement s = copyTarget.createStatement()) {
            s.execute("TRUNCATE TABLE " + String.join(", ", tables));
        }
        long bytes = 0;
        for (String table : tables) {
            CopyOut out = old.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY " + table + " TO STDOUT (FORMAT binary)");
            CopyIn in = copyTarget.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " FROM STDIN (FORMAT binary)");
            byte[] chunk;
            while ((chunk = out.readFromCopy()) != null) {
                in.writeToCopy(chunk, 0, chunk.length);
                bytes += chunk.length;
            }
            in.endCopy();
        }
        copyTarget.commit();
        old.rollback();
        return bytes;
    }

    /** Untimed, after a measurement: left full, the copies would be autovacuumed during the next case. */
    static void empty(Connection copyTarget, List<String> tables) throws SQLException {
        try (Statement s = copyTarget.createStatement()) {
            s.execute("TRUNCATE TABLE " + String.join(", ", tables));
        }
        copyTarget.commit();
    }
}
