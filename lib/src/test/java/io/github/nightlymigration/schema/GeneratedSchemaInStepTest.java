package io.github.nightlymigration.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed jOOQ classes are exactly what the DDL files generate: the two cannot drift. */
class GeneratedSchemaInStepTest {

    /**
     * jOOQ adds this to every generated {@code @SuppressWarnings} when it runs on a JDK that knows the
     * warning (21 on): the same DDL then generates the same code on every JDK once it is left out.
     */
    private static final String JDK_DEPENDENT_SUPPRESSION = ", \"this-escape\"";

    @Test
    void committedClassesMatchTheDdl(@TempDir Path out) throws Exception {
        SchemaCodeGenerator.generate(out);
        Path committed = Path.of("src/generated/java");
        for (String pkg : new String[] {SchemaCodeGenerator.LEGACY_PACKAGE, SchemaCodeGenerator.NEW_APP_PACKAGE}) {
            String dir = pkg.replace('.', '/');
            assertEquals(read(out.resolve(dir)), read(committed.resolve(dir)),
                    "generated classes of " + pkg + " differ from the committed ones: run scripts/generate-schema");
        }
    }

    private static Map<String, String> read(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(p).toString(), Files.readString(p).replace(JDK_DEPENDENT_SUPPRESSION, ""));
            }
        }
        return files;
    }
}
