package dev.hostvirt.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    @org.junit.jupiter.api.io.TempDir
    Path tmp;

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
    void dashEPassesTheUsersOwnLocaleVariablesNotTheLaunchersRewrite() throws Exception {
        // The launcher sets LC_CTYPE=C.UTF-8 and moves LC_ALL for the JVM: `-e 'LC_*'` passed its
        // LC_CTYPE, LC_MESSAGES and LANG and lost the user's LC_ALL. podman passes the user's.
        assumeTrue(dev.hostvirt.engine.Engine.isRoot() && dev.hostvirt.engine.TestImages.busyboxAvailable()
                && (Files.isExecutable(Path.of("/usr/bin/crun")) || Files.isExecutable(Path.of("/usr/sbin/runc"))
                        || Files.isExecutable(Path.of("/usr/bin/runc"))), "needs root, /bin/busybox and crun or runc");
        Path state = tmp.resolve("state");
        var bb = new dev.hostvirt.engine.TestImages.Image(List.of(dev.hostvirt.engine.TestImages.busyboxLayer()),
                dev.hostvirt.engine.TestImages.busyboxConfig());
        Path layout = dev.hostvirt.engine.TestImages.ociLayout(tmp.resolve("bb"), "localhost/bb:1", bb,
                dev.hostvirt.engine.TestImages.Packing.PLAIN);
        assertEquals(0, new dev.hostvirt.cli.EngineCli(state, tmp).run("image", "import", layout.toString()).exit());
        Map<String, String> user = Map.of("LC_ALL", "es_ES.UTF-8", "LC_NUMERIC", "de_DE.UTF-8", "HOSTVIRT_STATE_DIR", state.toString());
        String expected = "HOSTVIRT_STATE_DIR=" + state + "\nLC_ALL=es_ES.UTF-8\nLC_NUMERIC=de_DE.UTF-8\n";
        String[] asked = {"-e", "LC_*", "-e", "LANG", "-e", "LC_CTYPE", "-e", "LC_ALL", "-e", "HOSTVIRT*"};
        List<String> run = new java.util.ArrayList<>(List.of("run", "--rm"));
        run.addAll(List.of(asked));
        run.addAll(List.of("localhost/bb:1", "sh", "-c", "env | grep -E '^(LC_|LANG|HOSTVIRT)' | sort"));
        LinuxLauncherTest.Run r = asUser(user, run);
        assertEquals(0, r.exit(), r.err());
        assertEquals(expected, r.out(), "the user's values, and no private name of the launcher's");
        try {
            assertEquals(0, asUser(user, List.of("run", "-d", "-i", "--name", "env-exec", "localhost/bb:1", "sh")).exit());
            List<String> exec = new java.util.ArrayList<>(List.of("exec"));
            exec.addAll(List.of(asked));
            exec.addAll(List.of("env-exec", "sh", "-c", "env | grep -E '^(LC_|LANG|HOSTVIRT)' | sort"));
            LinuxLauncherTest.Run e = asUser(user, exec);
            assertEquals(0, e.exit(), e.err());
            assertEquals(expected, e.out(), "exec alike");
        } finally {
            asUser(user, List.of("rm", "-f", "env-exec"));
        }
    }

    /** The launcher in an environment of the user's variables alone (as env -i VAR=... would give). */
    private static LinuxLauncherTest.Run asUser(Map<String, String> env, List<String> args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("sh", SCRIPT.toString()));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new LinuxLauncherTest.Run(p.waitFor(), out, err);
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        assertEquals(0, LinuxLauncherTest.run(SCRIPT, Map.of(), "--version").exit());
        LinuxLauncherTest.Run help = LinuxLauncherTest.run(SCRIPT, Map.of(), "check", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Exit codes"));
    }
}
