package io.github.nightlymigration.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scripts/lib/utf8-locale.sh, which scripts/jbang sources: a UTF-8 locale for cron, a UTF-8 caller left alone. */
class Utf8LocaleFragmentTest {
    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theLauncherSourcesIt() throws IOException {
        assertTrue(Files.readString(PROJECT.resolve("scripts/jbang")).contains("source \"$root/scripts/lib/utf8-locale.sh\""));
    }

    @Test
    void cronsEmptyLocaleBecomesUtf8() throws Exception {
        assertEquals("ANSI_X3.4-1968 -> UTF-8 LC_ALL=C.UTF-8", localeAfterFragment());
    }

    @Test
    void aNonUtf8LocaleIsOverridden() throws Exception {
        assertEquals("ANSI_X3.4-1968 -> UTF-8 LC_ALL=C.UTF-8", localeAfterFragment("LC_ALL=POSIX", "LANG=C"));
    }

    @Test
    void aUtf8CallerIsLeftAlone() throws Exception {
        assertEquals("UTF-8 -> UTF-8 LC_ALL=", localeAfterFragment("LANG=C.UTF-8"));
    }

    /** "charmap before -> charmap after LC_ALL=value" in a shell with cron's variables plus the given ones. */
    private static String localeAfterFragment(String... variables) throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "-i", "PATH=/usr/bin:/bin", "HOME=/nonexistent",
                "SHELL=/bin/sh", "LOGNAME=root"));
        command.addAll(List.of(variables));
        command.addAll(List.of("/bin/sh", "-c",
                "before=$(locale charmap); . scripts/lib/utf8-locale.sh; echo \"$before -> $(locale charmap) LC_ALL=${LC_ALL:-}\""));
        Process p = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
