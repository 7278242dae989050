package io.github.nightlymigration.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds a real jar in a test directory: one compiled class, demo.Greeter. */
final class TestJars {
    static final String GREETER_SOURCE = """
            package demo;
            public class Greeter {
                public static String hello(String name) { return "hello " + name; }
            }
            """;

    private TestJars() {
    }

    static Path greeterJar(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/demo"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(src.resolve("Greeter.java"), GREETER_SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), src.resolve("Greeter.java").toString());
        if (rc != 0) {
            throw new IOException("javac failed on the test class");
        }
        Path jar = Files.createDirectories(dir.resolve("lib")).resolve("greeter.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : List.of("demo/Greeter.class")) {
                out.putNextEntry(new JarEntry(entry));
                out.write(Files.readAllBytes(classes.resolve(entry)));
                out.closeEntry();
            }
        }
        return jar;
    }
}
