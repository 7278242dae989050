package io.github.nightlymigration.support;

import io.github.nightlymigration.Migration;
import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import io.github.nightlymigration.legacy.db.tables.records.CommentsRecord;
import io.github.nightlymigration.legacy.db.tables.records.OrdersRecord;
import io.github.nightlymigration.legacy.db.tables.records.OrganizationsRecord;
import io.github.nightlymigration.legacy.db.tables.records.UsersRecord;
import io.github.nightlymigration.report.RunReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDateTime;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh legacy and new database per test, helpers to write old rows, and a run of the real migration. */
public abstract class MigrationFixture {
    protected static final LocalDateTime T0 = LocalDateTime.of(2017, 3, 4, 5, 6, 7, 123_456_000);

    @TempDir protected Path state;
    protected String oldUrl;
    protected String newUrl;
    protected DSLContext legacy;
    protected DSLContext target;
    private Connection legacyConnection;
    private Connection targetConnection;

    @BeforeEach
    void databases() throws Exception {
        oldUrl = TestDatabases.legacy();
        newUrl = TestDatabases.target();
        legacyConnection = TestDatabases.connect(oldUrl);
        targetConnection = TestDatabases.connect(newUrl);
        legacy = DSL.using(legacyConnection, SQLDialect.POSTGRES);
        target = DSL.using(targetConnection, SQLDialect.POSTGRES);
    }

    @AfterEach
    void close() throws Exception {
        legacyConnection.close();
        targetConnection.close();
    }

    protected MigratorSettings settings() {
        return TestDatabases.settings(oldUrl, newUrl, state);
    }

    protected RunReport migrate() {
        return Migration.run(settings(), Progress.NONE);
    }

    protected void insert(TableRecord<?>... rows) {
        for (TableRecord<?> row : rows) legacy.insertInto(row.getTable()).set(row).execute();
    }

    protected static UsersRecord user(int id) {
        return new UsersRecord().setId(id).setEmail("user" + id + "@example.org").setFirstName("First" + id)
                .setLastName("Last" + id).setRole("Basic").setCreatedAt(T0).setUpdatedAt(T0);
    }

    protected static OrganizationsRecord org(int id) {
        return new OrganizationsRecord().setId(id).setName("Org " + id).setCreatedAt(T0).setUpdatedAt(T0);
    }

    protected static OrdersRecord order(int id) {
        return new OrdersRecord().setId(id).setName("Order " + id).setType("GraphicOrder").setStatus("Unclaimed")
                .setCreatedAt(T0).setUpdatedAt(T0);
    }

    protected static CommentsRecord comment(int id, int orderId, Integer userId, String message) {
        return new CommentsRecord().setId(id).setOrderId(orderId).setUserId(userId).setMessage(message)
                .setCreatedAt(T0).setUpdatedAt(T0);
    }
}
