package dev.hostvirt.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void aThreadDumpGoesToStderrNotIntoTheOutput() throws Exception {
        // login --password-stdin waits on its stdin: time for a Ctrl-\ (SIGQUIT), the VM's own signal.
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString(), "login", "-u", "me", "--password-stdin", "127.0.0.1:1");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("DOCKER_CONFIG", Files.createTempDirectory("hostvirt-it-docker").toString());
        Path out = Files.createTempFile("hostvirt-it", ".out");
        Path err = Files.createTempFile("hostvirt-it", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!readsTheJar(p.pid()) && System.nanoTime() < deadline) {
            Thread.sleep(20); // the VM takes SIGQUIT over long before it opens the class path
        }
        Thread.sleep(300);
        new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid())).start().waitFor();
        while (!Files.readString(err).contains("Full thread dump") && System.nanoTime() < deadline) {
            Thread.sleep(20); // printed by the VM's own thread, before stdin is closed
        }
        p.getOutputStream().write("secret\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(125, p.exitValue(), "nothing listens on port 1: " + Files.readString(err));
        assertEquals("", Files.readString(out), "stdout holds only what the command prints");
        assertTrue(Files.readString(err).contains("Full thread dump"), Files.readString(err));
    }

    private static boolean readsTheJar(long pid) {
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().endsWith("hostvirt.jar");
                } catch (java.io.IOException gone) {
                    return false;
                }
            });
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    @Test
    void inTheCLocaleArgumentsKeepTheirBytes() throws Exception {
        // The JVM read them as ASCII: 'ü' reached hostvirt as U+FFFD. The launcher gives it a UTF-8
        // character type; the message (English, as the C locale asks) names the path as it was given.
        Path dir = Files.createTempDirectory("hostvirt-it-state");
        for (Map<String, String> env : List.of(Map.of("LC_ALL", "C"), Map.of("LANG", "C"), Map.of("LANG", "POSIX"))) {
            java.util.Map<String, String> all = new java.util.HashMap<>(env);
            all.put("HOSTVIRT_STATE_DIR", dir.toString());
            LinuxLauncherTest.Run r = LinuxLauncherTest.run(SCRIPT, all, "image", "import", "/nonexistent/imagen-ü日.tar");
            assertEquals(125, r.exit(), r.err());
            assertTrue(r.err().contains("/nonexistent/imagen-ü日.tar"), env + ": " + r.err());
            assertTrue(r.err().startsWith("hostvirt: "), r.err());
        }
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        assertEquals(0, LinuxLauncherTest.run(SCRIPT, Map.of(), "--version").exit());
        LinuxLauncherTest.Run help = LinuxLauncherTest.run(SCRIPT, Map.of(), "check", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Exit codes"));
    }
}
