package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.forward.EngineLocator;
import dev.hostvirt.engine.wsl.WslSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineLocatorsTest {
    private static CliEnvironment env(Map<String, String> vars) {
        return new CliEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), vars,
                Locale.ENGLISH, false, () -> null, Clock.systemUTC(), Path.of("C:\\Users\\José"));
    }

    @Test
    void distroLivesInLocalAppDataUnlessOverridden() {
        WslSettings s = EngineLocators.windowsSettings(env(Map.of("LOCALAPPDATA", "C:\\Users\\José\\AppData\\Local")));
        assertEquals("hostvirt", s.distro());
        assertEquals("C:\\Users\\José\\AppData\\Local\\hostvirt\\wsl", s.stateDir());
        assertEquals("C:\\Users\\José\\AppData\\Local\\hostvirt\\wsl\\distro", s.installDir());
        assertTrue(s.tarball().endsWith("hostvirt-wsl.tar.gz"), s.tarball());
        WslSettings o = EngineLocators.windowsSettings(env(Map.of("HOSTVIRT_WSL_DIR", "D:\\wsl\\hv",
                "HOSTVIRT_WSL_TARBALL", "D:\\dist\\hv.tar.gz")));
        assertEquals("D:\\wsl\\hv", o.stateDir());
        assertEquals("D:\\dist\\hv.tar.gz", o.tarball());
        assertEquals("C:\\Users\\ana\\AppData\\Local\\hostvirt\\wsl",
                EngineLocators.windowsSettings(env(Map.of("USERPROFILE", "C:\\Users\\ana"))).stateDir());
    }

    @Test
    void linuxRunsLocally() {
        // This JVM runs on Linux in CI: the engine is in-process, nothing is forwarded.
        assertInstanceOf(EngineLocator.Local.class, EngineLocators.forCurrentPlatform(env(Map.of())));
    }
}
