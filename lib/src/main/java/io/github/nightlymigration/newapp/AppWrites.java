package io.github.nightlymigration.newapp;

import io.github.nightlymigration.guard.PublishMark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * How many rows of the migrated tables the new app wrote (inserted or updated) since the last publish: the rows
 * whose creating transaction is younger than the publishing one ({@link PublishMark}). Tonight's data replaces
 * them, as it replaces every migrated row; the report says how many, so nobody is surprised. Rows the new app
 * deleted leave no trace to count. A staged run counts them in the change set's pass over the live tables
 * ({@link #writtenAfter}); this class's own scan is for the runs that make no change set.
 */
public final class AppWrites {
    private AppWrites() {}

    /**
     * SQL: the row of {@code alias} was written after the publishing transaction {@code transaction} (64-bit, as
     * txid_current gives it). age() counts transactions back from now; a 32-bit xid only compares within one epoch,
     * which a night is. Null where the alias has no row (the other side of an outer join).
     */
    public static String writtenAfter(long transaction, String alias) {
        return "age(" + alias + ".xmin) < age('" + (transaction % 4294967296L) + "'::xid)";
    }

    /**
     * "written by the new app since the last publish: comments 1, requests 1", or empty when none: one scan of every
     * table.
     *
     * @param publishedIn the last publish's transaction ({@link PublishMark})
     */
    public static Optional<String> since(Connection target, List<Table<?>> tables, long publishedIn) throws SQLException {
        var dsl = DSL.using(SQLDialect.POSTGRES);
        String sql = tables.stream().map(t -> "SELECT " + DSL.inline(t.getName()) + ", count(*) FROM "
                + dsl.render(t.getUnqualifiedName()) + " t WHERE " + writtenAfter(publishedIn, "t"))
                .collect(Collectors.joining(" UNION ALL "));
        Map<String, Long> written = new LinkedHashMap<>();
        try (PreparedStatement s = target.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) written.put(rs.getString(1), rs.getLong(2));
        }
        return notice(written);
    }

    /** The report's notice for these counts per table, in their order; empty when every count is 0. */
    public static Optional<String> notice(Map<String, Long> writtenPerTable) {
        List<String> written = writtenPerTable.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format("%s %,d", e.getKey(), e.getValue())).toList();
        if (written.isEmpty()) return Optional.empty();
        return Optional.of("written by the new app since the last publish (replaced by tonight's data): "
                + String.join(", ", written));
    }
}
