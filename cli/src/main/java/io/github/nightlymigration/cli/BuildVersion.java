package io.github.nightlymigration.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints: the version and commit the build recorded, and the JDK running it. */
final class BuildVersion implements IVersionProvider {
    private static final String RESOURCE = "build.properties";

    @Override
    public String[] getVersion() throws IOException {
        Properties build = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("no " + RESOURCE + " beside " + BuildVersion.class.getName() + ": a broken build");
            }
            build.load(in);
        }
        return new String[] {
            "${COMMAND-NAME} " + build.getProperty("version") + " (commit " + build.getProperty("commit") + ")",
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")",
        };
    }
}
