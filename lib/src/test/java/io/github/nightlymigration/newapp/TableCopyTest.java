package io.github.nightlymigration.newapp;

import static io.github.nightlymigration.newapp.db.Tables.GROUPS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nightlymigration.support.TestDatabases;
import io.github.nightlymigration.newapp.db.tables.records.GroupsRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text survives COPY byte for byte, streamed or spooled: every UTF-8 length, escaped characters, long rows. */
class TableCopyTest {
    private static final List<String> NAMES = List.of("plain", "Chloé Müller", "海报 ポスター", "emoji 😀 and 𝄞",
            "tab\tnew line\nback\\slash\rcarriage", "", "long é ".repeat(1000));
    private static final LocalDateTime T = LocalDateTime.of(2017, 3, 4, 5, 6, 7, 123_456_000);

    @TempDir Path spoolDir;

    @Test
    void streamedAndSpooledRowsReadBackUnchanged() throws Exception {
        try (Connection c = TestDatabases.connect(TestDatabases.target())) {
            c.setAutoCommit(false);
            try (TableCopy direct = TableCopy.direct(c, GROUPS)) {
                for (int i = 0; i < NAMES.size(); i++) direct.add(group(i + 1, NAMES.get(i)));
                direct.finish(c);
            }
            try (TableCopy spooled = TableCopy.spooled(Files.createTempFile(spoolDir, "groups", ".copy"), GROUPS)) {
                for (int i = 0; i < NAMES.size(); i++) spooled.add(group(100 + i, NAMES.get(i)));
                spooled.finish(c);
            }
            var dsl = DSL.using(c, SQLDialect.POSTGRES);
            assertEquals(NAMES, dsl.select(GROUPS.NAME).from(GROUPS).where(GROUPS.ID.lt(100L)).orderBy(GROUPS.ID).fetch(GROUPS.NAME));
            assertEquals(NAMES, dsl.select(GROUPS.NAME).from(GROUPS).where(GROUPS.ID.ge(100L)).orderBy(GROUPS.ID).fetch(GROUPS.NAME));
            assertEquals(T, dsl.select(GROUPS.INSERTED_AT).from(GROUPS).limit(1).fetchOne(GROUPS.INSERTED_AT));
            c.rollback();
        }
    }

    private static GroupsRecord group(long id, String name) {
        return new GroupsRecord().setId(id).setName(name).setInsertedAt(T).setUpdatedAt(T);
    }
}
