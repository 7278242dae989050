package io.github.nightlymigration.schema;

import io.github.nightlymigration.demo.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ classes of both schemas from their DDL, applied to a real (embedded)
 * PostgreSQL: H2-based DDL interpretation cannot read hstore, integer[] defaults or
 * expression indexes. Run by scripts/generate-schema; GeneratedSchemaInStepTest runs it too.
 */
public final class SchemaCodeGenerator {
    public static final String LEGACY_PACKAGE = "io.github.nightlymigration.legacy.db";
    public static final String NEW_APP_PACKAGE = "io.github.nightlymigration.newapp.db";

    private SchemaCodeGenerator() {}

    /** Into {@code args[0]}, else lib/src/generated/java of the project the working directory is in. */
    public static void main(String[] args) throws Exception {
        generate(args.length > 0 ? Path.of(args[0]) : module(Path.of("")).resolve("src/generated/java"));
    }

    /**
     * The lib module's directory, from anywhere in the project: Maven runs exec:java in the directory it was
     * started from (the project's root for scripts/generate-schema), tests run in the module's own.
     */
    static Path module(Path workingDirectory) {
        for (Path d = workingDirectory.toAbsolutePath(); d != null; d = d.getParent()) {
            if (java.nio.file.Files.isRegularFile(d.resolve("lib/pom.xml"))) return d.resolve("lib");
        }
        throw new IllegalStateException("not inside the project (no lib/pom.xml above " + workingDirectory.toAbsolutePath() + ")");
    }

    public static void generate(Path outputDirectory) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
            generate(server, SchemaDdl.LEGACY, LEGACY_PACKAGE, outputDirectory);
            generate(server, SchemaDdl.TARGET, NEW_APP_PACKAGE, outputDirectory);
        }
    }

    private static void generate(EmbeddedPostgresServer server, SchemaDdl ddl, String packageName, Path out)
            throws Exception {
        String url = server.createDatabase("codegen_" + ddl.name().toLowerCase());
        try (Connection connection = DriverManager.getConnection(url)) {
            ddl.apply(connection);
            Configuration configuration = new Configuration()
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withOutputSchemaToDefault(true)
                                    .withIncludeRoutines(false)
                                    .withIncludeUDTs(false)
                                    .withIncludeDomains(false)
                                    .withExcludes("hstore.*|ghstore.*|akeys|avals|defined|delete|each|exist|exists_.*"
                                            + "|fetchval|isdefined|isexists|populate_record|skeys|slice.*|svals"
                                            + "|tconvert|gen_random_uuid")
                                    .withForcedTypes(new ForcedType()
                                            .withUserType("org.jooq.postgres.extensions.types.Hstore")
                                            .withBinding("org.jooq.postgres.extensions.bindings.HstoreBinding")
                                            .withIncludeTypes("hstore")
                                            .withPriority(1)))
                            .withGenerate(new Generate()
                                    .withRecords(true)
                                    .withFluentSetters(true)
                                    .withPojos(false)
                                    .withDaos(false)
                                    .withRoutines(false)
                                    .withSequences(true)
                                    .withJavadoc(true)
                                    .withComments(true)
                                    .withGeneratedAnnotation(false))
                            .withTarget(new Target()
                                    .withPackageName(packageName)
                                    .withDirectory(out.toAbsolutePath().toString())
                                    .withClean(true)));
            GenerationTool tool = new GenerationTool();
            tool.setConnection(connection);
            tool.run(configuration);
        }
    }
}
