package dev.hostvirt.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar through linux/hostvirt, with the start-up archives the build made (run by failsafe
 * after `package`): the JSON on stdout stays clean whatever the JVM says, and the exit codes hold.
 */
class LinuxLauncherIT {
    private static final Path SCRIPT = Path.of("linux/hostvirt").toAbsolutePath();

    @Test
    void theBuiltJarAnswersJsonOnACleanStdout() throws Exception {
        assertTrue(Files.exists(Path.of("target/hostvirt.jar")), "run after mvn package");
        LinuxLauncherTest.Run r = LinuxLauncherTest.run(SCRIPT, Map.of(), "check", "--json", "--snapshot",
                "src/test/resources/linux/snapshots/firecracker-kvm-guest.json");
        assertEquals(1, r.exit(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(6, root.path("targets").size());
        assertEquals("", r.err());
    }

    @Test
    void aLiveCheckRunsAndExitsWithAVerdictCode() throws Exception {
        LinuxLauncherTest.Run r = LinuxLauncherTest.run(SCRIPT, Map.of("NO_COLOR", "1"), "check");
        assertTrue(r.exit() == 0 || r.exit() == 1 || r.exit() == 3, r.exit() + r.err());
        assertTrue(r.out().contains("Verdicts"), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.contains("[warning]") || l.contains("WARNING:")), r.out());
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        assertEquals(0, LinuxLauncherTest.run(SCRIPT, Map.of(), "--version").exit());
        LinuxLauncherTest.Run help = LinuxLauncherTest.run(SCRIPT, Map.of(), "check", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Exit codes"));
    }
}
