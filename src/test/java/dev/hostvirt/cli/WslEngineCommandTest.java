package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.forward.EngineLocator;
import dev.hostvirt.engine.wsl.FakeWslAccess;
import dev.hostvirt.engine.wsl.WslExe;
import dev.hostvirt.engine.wsl.WslSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hostvirt engine install|status|start|stop|uninstall, end to end through the CLI, with a fake wsl.exe. */
class WslEngineCommandTest {
    @TempDir
    Path dir;

    private FakeWslAccess wsl = FakeWslAccess.empty();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Locale locale, String version, String... args) throws IOException {
        Path tarball = dir.resolve("hostvirt-wsl.tar.gz");
        Files.write(tarball, new byte[] {31, -117});
        wsl.addTarball(tarball.toString(), version, 0);
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), locale,
                false, () -> {
                    throw new AssertionError("must not read the host");
                }, Clock.systemUTC(), Path.of("C:\\Users\\José"));
        EngineLocator locator = EngineLocators.wsl(env, new WslExe("wsl.exe", wsl.runner()),
                new WslSettings("hostvirt", "C:\\Users\\José\\AppData\\Local\\hostvirt\\wsl", tarball.toString(), version),
                (argv, e) -> {
                    throw new AssertionError("engine commands manage the distro, they do not forward");
                });
        return CommandLineFactory.create(env, locator).execute(args);
    }

    @Test
    void installStatusStopUninstall() throws IOException {
        assertEquals(1, run(Locale.ENGLISH, "0.2.0", "engine", "status"));
        assertTrue(out.toString().contains("not installed"), out.toString());
        assertEquals(0, run(Locale.ENGLISH, "0.2.0", "engine", "install"));
        assertTrue(out.toString().contains("is installed (hostvirt 0.2.0)"), out.toString());
        assertEquals(0, run(Locale.ENGLISH, "0.2.0", "engine", "start"));
        assertEquals(0, run(Locale.ENGLISH, "0.2.0", "engine", "status"));
        assertTrue(out.toString().contains("hostvirt 0.2.0, Running"), out.toString());
        assertEquals(0, run(Locale.ENGLISH, "0.2.0", "engine", "stop"));
        assertEquals(0, run(Locale.ENGLISH, "0.2.0", "engine", "uninstall"));
        assertFalse(wsl.has("hostvirt"));
        assertEquals("", err.toString());
    }

    @Test
    void statusOffersTheUpgradeAndInstallDoesItKeepingImages() throws IOException {
        wsl.addDistro("hostvirt", "0.1.0", 2);
        assertEquals(0, run(Locale.ENGLISH, "0.2.0", "engine", "status"));
        assertTrue(out.toString().contains("An upgrade to 0.2.0 is available"), out.toString());
        assertEquals(0, run(Locale.ENGLISH, "0.2.0", "engine", "install"));
        assertEquals("0.2.0", wsl.version("hostvirt"));
        assertTrue(out.toString().contains("images and containers were kept"), out.toString());
    }

    @Test
    void uninstallWithImagesInAScriptNeedsYes() throws IOException {
        wsl.addDistro("hostvirt", "0.2.0", 3);
        assertEquals(1, run(Locale.ENGLISH, "0.2.0", "engine", "uninstall"));
        assertTrue(err.toString().contains("hostvirt engine uninstall --yes"), err.toString());
        assertTrue(wsl.has("hostvirt"));
        assertEquals(0, run(Locale.ENGLISH, "0.2.0", "engine", "uninstall", "--yes"));
        assertFalse(wsl.has("hostvirt"));
    }

    @Test
    void nameClashIsOneLineInSpanishWithTheFix() throws IOException {
        wsl.addDistro("hostvirt", null, 0);
        assertEquals(1, run(Locale.forLanguageTag("es"), "0.2.0", "engine", "install"));
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("hostvirt: ya existe una distribución de WSL llamada 'hostvirt'"), e);
        assertTrue(e.contains("wsl --unregister hostvirt"), e);
    }

    @Test
    void engineCommandsAreForWindowsOnly() {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CliEnvironment env = new CliEnvironment(new PrintWriter(o, true), new PrintWriter(e, true), Map.of(),
                Locale.ENGLISH, false, () -> null, Clock.systemUTC(), dir);
        assertEquals(2, CommandLineFactory.create(env, new EngineLocator.Local()).execute("engine", "install"));
        assertTrue(e.toString().contains("for Windows only"), e.toString());
    }
}
