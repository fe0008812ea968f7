package dev.hostvirt.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs macos/hostvirt with real shells (dash, and bash in POSIX mode like macOS /bin/sh) against a
 * stand-in jar that echoes its arguments and exits with the code it is asked for.
 */
class MacosLauncherTest {
    static final Path SCRIPT = Path.of("macos/hostvirt").toAbsolutePath();
    static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    static Path tmp;
    private static Path echoJar;

    @BeforeAll
    static void buildEchoJar() throws IOException {
        Path src = tmp.resolve("src/Echo.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "public class Echo { public static void main(String[] a) {"
                + " for (String s : a) System.out.println(\"[\" + s + \"]\");"
                + " System.exit(a.length > 0 && a[0].startsWith(\"exit=\") ? Integer.parseInt(a[0].substring(5)) : 0); } }");
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString()));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Echo");
        echoJar = tmp.resolve("echo.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(echoJar), m)) {
            jar.putNextEntry(new JarEntry("Echo.class"));
            jar.write(Files.readAllBytes(classes.resolve("Echo.class")));
            jar.closeEntry();
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String shell, Path script, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/" + shell)) || Files.isExecutable(Path.of("/usr/bin/" + shell)),
                shell + " is not installed");
        List<String> cmd = new ArrayList<>(shell.equals("bash") ? List.of("bash", "--posix") : List.of(shell));
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    /** An installed layout: bin/hostvirt is a symlink to libexec/hostvirt, which has hostvirt.jar beside it. */
    private static Path installed(String name) throws IOException {
        Path root = tmp.resolve(name);
        Path libexec = Files.createDirectories(root.resolve("libexec"));
        Files.copy(SCRIPT, libexec.resolve("hostvirt"));
        Files.copy(echoJar, libexec.resolve("hostvirt.jar"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        return Files.createSymbolicLink(bin.resolve("hostvirt"), Path.of("../libexec/hostvirt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash"})
    void aClosedStdinReachesTheJvmAsDevNull(String shell) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "the stand-in JVM reads /proc");
        Path home = tmp.resolve("fd-jdk-" + shell);
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nreadlink /proc/$$/fd/0\n");
        assertTrue(java.toFile().setExecutable(true));
        Path script = installed("fd-" + shell);
        String sh = shell.equals("bash") ? "bash --posix" : shell;
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", sh + " '" + script + "' ps <&-");
        pb.environment().clear();
        pb.environment().put("JAVA_HOME", home.toString());
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals("/dev/null\n", out);
        ProcessBuilder open = new ProcessBuilder("sh", "-c", sh + " '" + script + "' ps < /dev/zero");
        open.environment().clear();
        open.environment().put("JAVA_HOME", home.toString());
        open.environment().put("PATH", "/usr/bin:/bin");
        Process q = open.start();
        assertEquals("/dev/zero\n", new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8), "an open stdin stays");
        assertEquals(0, q.waitFor());
    }

    @Test
    void scriptIsValidPosixSh() throws IOException, InterruptedException {
        for (String shell : List.of("sh", "dash")) {
            Process p = new ProcessBuilder(shell, "-n", SCRIPT.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), shell + ": " + out);
        }
        assertTrue(Files.readString(SCRIPT).startsWith("#!/bin/sh\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash"})
    void argumentsAndExitCodePassThroughUntouchedWithJavaHome(String shell) throws Exception {
        Path link = installed("install-" + shell);
        Run r = run(shell, link, Map.of("JAVA_HOME", JAVA_HOME, "PATH", "/usr/bin:/bin"),
                "exit=3", "two words", "", "quote\"d", "$HOME", "*");
        assertEquals(3, r.exit(), r.err());
        assertEquals("[exit=3]\n[two words]\n[]\n[quote\"d]\n[$HOME]\n[*]\n", r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash"})
    void javaOnPathWhenJavaHomeIsUnset(String shell) throws Exception {
        Path link = installed("path-" + shell);
        Run r = run(shell, link, Map.of("PATH", JAVA_HOME + "/bin:/usr/bin:/bin"), "exit=0", "check");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[exit=0]\n[check]\n", r.out());
    }

    @Test
    void buildTreeJarInTargetIsFound() throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("macos"));
        Files.createDirectories(repo.resolve("target"));
        Files.copy(SCRIPT, repo.resolve("macos/hostvirt"));
        Files.copy(echoJar, repo.resolve("target/hostvirt.jar"));
        Run r = run("dash", repo.resolve("macos/hostvirt"), Map.of("JAVA_HOME", JAVA_HOME, "PATH", "/usr/bin:/bin"),
                "exit=1");
        assertEquals(1, r.exit());
        assertEquals("[exit=1]\n", r.out());
    }

    @Test
    void missingJarOrJavaIsOneLineAnd127() throws Exception {
        Path lonely = Files.createDirectories(tmp.resolve("lonely"));
        Files.copy(SCRIPT, lonely.resolve("hostvirt"));
        Run noJar = run("dash", lonely.resolve("hostvirt"), Map.of("JAVA_HOME", JAVA_HOME, "PATH", "/usr/bin:/bin"));
        assertEquals(127, noJar.exit());
        assertTrue(noJar.err().startsWith("hostvirt: hostvirt.jar is neither in "), noJar.err());
        assertEquals(1, noJar.err().lines().count());

        // Only the tools the script needs on PATH: no java anywhere.
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("dirname", "readlink")) {
            Path real = Files.exists(Path.of("/usr/bin/" + tool)) ? Path.of("/usr/bin/" + tool) : Path.of("/bin/" + tool);
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
        assumeTrue(!Files.exists(Path.of("/usr/libexec/java_home")), "a Mac always has java_home");
        Run noJava = run("dash", installed("nojava"), Map.of("PATH", tools.toString()));
        assertEquals(127, noJava.exit());
        assertEquals("hostvirt: no Java found: install a JDK 17 or later (brew install openjdk@17) or set JAVA_HOME\n",
                noJava.err());
    }


}
