package io.github.nightlymigration.support;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.demo.LegacyDataGenerator;
import io.github.nightlymigration.engine.MigrationRun;
import io.github.nightlymigration.rules.MigrationPlan;
import io.github.nightlymigration.translate.IdKind;
import io.github.nightlymigration.translate.IdTranslator;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** Helpers shared by the fault tests: generated legacy data, child-run environments, id fingerprints. */
public final class FaultFixture {
    private FaultFixture() {}

    /** A legacy database filled by the demo generator (scale 0.05: about 63,000 rows, a few seconds per run). */
    public static String generatedLegacy(double scale) throws Exception {
        String url = TestDatabases.legacy();
        try (Connection c = TestDatabases.connect(url)) {
            new LegacyDataGenerator(scale, 20261125L, Progress.NONE).fill(c);
        }
        return url;
    }

    public static Map<String, String> env(String oldUrl, String newUrl, Path state) {
        Map<String, String> env = new HashMap<>();
        env.put("MIGRATOR_OLD_URL", oldUrl);
        env.put("MIGRATOR_NEW_URL", newUrl);
        env.put("MIGRATOR_STATE_DIR", state.toString());
        env.put("MIGRATOR_LOCK_TIMEOUT", "5s");
        return env;
    }

    public static DSLContext db(Connection c) {
        return DSL.using(c, SQLDialect.POSTGRES);
    }

    /**
     * Which ids every new table holds, and where each sequence stands: equal fingerprints mean
     * the same rows under the same ids (timestamps filled in from the run's start time may differ).
     */
    public static Map<String, String> idFingerprints(DSLContext db) {
        Map<String, String> sums = new TreeMap<>();
        for (Table<?> table : MigrationPlan.newTables()) {
            String key = String.join(" || '/' || ", table.getPrimaryKey().getFields().stream()
                    .map(Field::getName).map(n -> DSL.name(n).toString() + "::text").toList());
            sums.put(table.getName(), TableChecksums.value(db, "SELECT coalesce(md5(string_agg(" + key + ", ',' ORDER BY "
                    + key + ")), '') || ':' || count(*) FROM " + DSL.name(table.getName())));
        }
        TableChecksums.of(db).forEach((k, v) -> {
            if (k.endsWith(" sequence")) sums.put(k, v);
        });
        return sums;
    }

    /** Every translation as "kind old/part" -> new id. */
    public static Map<String, String> translations(Path state) {
        Map<String, String> all = new HashMap<>();
        try (IdTranslator ids = IdTranslator.open(MigrationRun.translatorFile(state))) {
            for (IdKind kind : IdKind.values()) {
                ids.forEach(kind, (oldId, part, bigint, uuid) ->
                        all.put(kind + " " + oldId + "/" + part, uuid != null ? uuid.toString() : Long.toString(bigint)));
            }
        }
        return all;
    }
}
