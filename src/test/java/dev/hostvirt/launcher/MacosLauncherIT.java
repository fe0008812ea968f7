package dev.hostvirt.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** macos/hostvirt starting the packaged jar (run by failsafe after package, so never skipped in CI). */
class MacosLauncherIT {
    @Test
    void realJarRunsThroughTheLauncher() throws Exception {
        assertTrue(Files.exists(Path.of("target/hostvirt.jar")), "run after mvn package");
        MacosLauncherTest.Run r = MacosLauncherTest.run("dash", MacosLauncherTest.SCRIPT,
                Map.of("JAVA_HOME", MacosLauncherTest.JAVA_HOME, "PATH", "/usr/bin:/bin"), "sources", "--os", "macos");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("kern.hv_support"), r.out());
    }
}
