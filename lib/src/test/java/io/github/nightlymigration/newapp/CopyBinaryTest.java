package io.github.nightlymigration.newapp;

import static io.github.nightlymigration.newapp.db.Tables.GROUPS;
import static io.github.nightlymigration.newapp.db.Tables.REQUESTS;
import static io.github.nightlymigration.newapp.db.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nightlymigration.newapp.db.tables.records.GroupsRecord;
import io.github.nightlymigration.newapp.db.tables.records.RequestsRecord;
import io.github.nightlymigration.newapp.db.tables.records.UsersRecord;
import io.github.nightlymigration.support.TestDatabases;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** Every column type of the new tables survives binary COPY: far-past timestamps and dates, uuids, booleans, jsonb, NULLs. */
class CopyBinaryTest {
    private static final List<LocalDateTime> TIMES = List.of(
            LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000), LocalDateTime.of(1999, 12, 31, 23, 59, 59, 1_000),
            LocalDateTime.of(2000, 1, 1, 0, 0), LocalDateTime.of(1900, 2, 28, 12, 0, 0, 500_000_000),
            LocalDateTime.of(2038, 1, 19, 3, 14, 8, 123_456_000));

    @Test
    void valuesReadBackUnchanged() throws Exception {
        try (Connection c = TestDatabases.connect(TestDatabases.target())) {
            c.setAutoCommit(false);
            var dsl = DSL.using(c, SQLDialect.POSTGRES);
            try (TableCopy groups = TableCopy.direct(c, GROUPS)) {
                for (int i = 0; i < TIMES.size(); i++) {
                    groups.add(new GroupsRecord().setId(i + 1L).setName("g" + i).setInsertedAt(TIMES.get(i)).setUpdatedAt(TIMES.get(i)));
                }
                groups.finish(c);
            }
            assertEquals(TIMES, dsl.select(GROUPS.INSERTED_AT).from(GROUPS).orderBy(GROUPS.ID).fetch(GROUPS.INSERTED_AT));

            UsersRecord user = new UsersRecord().setId(UUID.randomUUID()).setEmail("a@b").setFirstName("Ä").setLastName("")
                    .setRole("basic").setFlavor(null).setSendEmails(false).setLastSignInAt(null)
                    .setInsertedAt(TIMES.get(0)).setUpdatedAt(TIMES.get(1));
            try (TableCopy users = TableCopy.direct(c, USERS)) {
                users.add(user);
                users.finish(c);
            }
            assertEquals(user.intoList(), dsl.selectFrom(USERS).fetchSingle().intoList());

            RequestsRecord request = new RequestsRecord().setId(UUID.randomUUID()).setKind("web").setTitle("t")
                    .setDescription("d\ttab").setDueOn(LocalDate.of(1999, 2, 28)).setStatus("claimed").setProgress(null)
                    .setEvent(JSONB.valueOf("{\"time\": \"7pm \\\"late\\\"\", \"location\": \"海\"}"))
                    .setOwnerId(user.getId()).setGroupId(1L).setAssigneeId(null).setCompletedAt(TIMES.get(4))
                    .setInsertedAt(TIMES.get(3)).setUpdatedAt(TIMES.get(2));
            try (TableCopy requests = TableCopy.direct(c, REQUESTS)) {
                requests.add(request);
                requests.finish(c);
            }
            assertEquals(request.intoList(), dsl.selectFrom(REQUESTS).fetchSingle().intoList());
            c.rollback();
        }
    }
}
