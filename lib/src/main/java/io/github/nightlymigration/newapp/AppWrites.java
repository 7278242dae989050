package io.github.nightlymigration.newapp;

import io.github.nightlymigration.guard.PublishMark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * How many rows of the migrated tables the new app wrote (inserted or updated) since the last publish: the rows
 * whose creating transaction is younger than the publishing one ({@link PublishMark}). Tonight's data replaces
 * them, as it replaces every migrated row; the report says how many, so nobody is surprised. Rows the new app
 * deleted leave no trace to count.
 */
public final class AppWrites {
    private AppWrites() {}

    /** "written by the new app since the last publish: comments 1, requests 1"; empty when none or nothing to compare with. */
    public static Optional<String> since(Connection target, List<Table<?>> tables) throws SQLException {
        Optional<PublishMark.Mark> mark = PublishMark.read(target);
        if (mark.isEmpty()) return Optional.empty();
        var dsl = DSL.using(SQLDialect.POSTGRES);
        // age() counts transactions back from now; a 32-bit xid only compares within one epoch, which a night is.
        String sql = tables.stream().map(t -> "SELECT " + DSL.inline(t.getName()) + ", count(*) FROM "
                + dsl.render(t.getUnqualifiedName()) + " WHERE age(xmin) < age((?::bigint % 4294967296)::text::xid)")
                .collect(Collectors.joining(" UNION ALL "));
        List<String> written = new ArrayList<>();
        try (PreparedStatement s = target.prepareStatement(sql)) {
            for (int i = 1; i <= tables.size(); i++) s.setLong(i, mark.get().transaction());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(2) > 0) written.add(String.format("%s %,d", rs.getString(1), rs.getLong(2)));
                }
            }
        }
        if (written.isEmpty()) return Optional.empty();
        return Optional.of("written by the new app since the last publish (replaced by tonight's data): "
                + String.join(", ", written));
    }
}
