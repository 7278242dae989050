package io.github.nightlymigration.support;

import java.nio.file.Path;
import java.sql.Connection;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated legacy database (scale 0.005), an empty new one and a state folder, with a connection to each
 * database; the test class's own {@code @BeforeEach} (run after this one) makes its good night.
 */
public abstract class GeneratedNightFixture {
    @TempDir protected Path state;
    protected String oldUrl;
    protected String newUrl;
    protected Connection legacyConnection;
    protected Connection targetConnection;
    protected DSLContext legacy;
    protected DSLContext target;

    @BeforeEach
    void openDatabases() throws Exception {
        oldUrl = FaultFixture.generatedLegacy(0.005);
        newUrl = TestDatabases.target();
        legacyConnection = TestDatabases.connect(oldUrl);
        targetConnection = TestDatabases.connect(newUrl);
        legacy = FaultFixture.db(legacyConnection);
        target = FaultFixture.db(targetConnection);
    }

    @AfterEach
    void closeDatabases() throws Exception {
        legacyConnection.close();
        targetConnection.close();
    }
}
