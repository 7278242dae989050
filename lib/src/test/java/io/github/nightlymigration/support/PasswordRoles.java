package io.github.nightlymigration.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Login roles on the shared test server. The embedded server trusts local connections; for a role
 * made here with a password, pg_hba.conf gets a first line requiring scram-sha-256 for that role
 * only (other tests keep connecting as the trusted superuser), then the server reloads it.
 */
public final class PasswordRoles {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private PasswordRoles() {}

    /** A new role with LOGIN and the given password, authenticated by password; returns its name. */
    public static synchronized String withPassword(String password) throws Exception {
        String role = "pw_role_" + COUNTER.incrementAndGet();
        try (Connection c = TestDatabases.connect(TestDatabases.server().jdbcUrl("postgres"))) {
            var db = FaultFixture.db(c);
            db.execute("CREATE ROLE " + role + " LOGIN PASSWORD {0}", org.jooq.impl.DSL.inline(password));
            Path hba = Path.of(db.fetchOne("SHOW hba_file").get(0, String.class));
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(hba));
            lines.add(0, "host all " + role + " 127.0.0.1/32 scram-sha-256");
            lines.add(1, "host all " + role + " ::1/128 scram-sha-256");
            lines.add(2, "local all " + role + " scram-sha-256");
            Files.write(hba, lines);
            db.execute("SELECT pg_reload_conf()");
        }
        return role;
    }

    /** A new role that can log in and nothing else (no password needed: local connections are trusted). */
    public static String plain(String prefix) throws SQLException {
        String role = prefix + "_" + COUNTER.incrementAndGet();
        try (Connection c = TestDatabases.connect(TestDatabases.server().jdbcUrl("postgres"))) {
            FaultFixture.db(c).execute("CREATE ROLE " + role + " LOGIN");
        }
        return role;
    }
}
