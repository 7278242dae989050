package io.github.nightlymigration.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmClassPathTest {
    @TempDir
    Path dir;

    private final JvmClassPath classPath = JvmClassPath.ofThisJvm();

    @Test
    void aCopyOfAJarOnTheClassPathIsProvidedAChangedOneIsNot() throws Exception {
        Path gson = Path.of(Gson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path copy = Files.copy(gson, Files.createDirectories(dir.resolve("copy")).resolve(gson.getFileName()));
        assertTrue(classPath.provides(copy));

        Files.write(copy, new byte[] {0}, StandardOpenOption.APPEND);
        assertFalse(classPath.provides(copy), "same name, other content");
        assertFalse(classPath.provides(TestJars.greeterJar(dir)), "a jar the class path does not have");
    }

    @Test
    void aClassDirectoryIsProvidedOnlyWhenTheClassPathServesEveryFileInIt() throws Exception {
        String name = CellEngine.class.getName().replace('.', '/') + ".class";
        Path classes = dir.resolve("classes");
        Path copied = Files.createDirectories(classes.resolve(name).getParent()).resolve(Path.of(name).getFileName());
        try (var in = CellEngine.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, copied);
        }
        assertTrue(classPath.provides(classes));

        Files.writeString(classes.resolve("io/github/nightlymigration/notebook/NotOnTheClassPath.class"), "x");
        assertFalse(classPath.provides(classes), "one file the class path lacks");
    }

    @Test
    void aCellsEntriesGoToTheClassPathInOneCall() throws Exception {
        TestJars.greeterJar(dir);
        Files.copy(dir.resolve("lib/greeter.jar"), dir.resolve("lib/second.jar"));
        List<List<Path>> calls = new ArrayList<>();
        String java = new ClasspathMagic(dir).apply("%classpath lib/*\n%jars classes\nint x = 1;", calls::add);
        assertEquals(List.of(List.of(dir.resolve("lib/greeter.jar"), dir.resolve("lib/second.jar"), dir.resolve("classes"))),
                calls);
        assertEquals("\n\nint x = 1;", java, "magic lines blanked, line numbers kept");
    }

    @Test
    void aCellUsesAJarTheClassPathAlreadyHasBesideOneItAdds() throws Exception {
        Path gson = Path.of(Gson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TestJars.greeterJar(dir);
        Files.copy(gson, dir.resolve("lib").resolve(gson.getFileName()));
        try (CellEngine engine = new CellEngine(dir, new DisplaySink() {
            @Override
            public void display(MimeBundle bundle, String displayId) {
            }

            @Override
            public void updateDisplay(MimeBundle bundle, String displayId) {
            }
        })) {
            CellValue value = engine.eval("%classpath lib/*\n"
                    + "demo.Greeter.hello(new com.google.gson.Gson().toJson(1)) + \" \" + com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation()");
            assertEquals("hello 1 " + gson.toUri().toURL(), value.value(), "Gson from the class path, Greeter from the cell's jar");
        }
    }
}
