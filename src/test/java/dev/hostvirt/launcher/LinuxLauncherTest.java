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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** linux/hostvirt passes every argument and the exit code through untouched, from any install layout. */
class LinuxLauncherTest {
    private static final Path SCRIPT = Path.of("linux/hostvirt").toAbsolutePath();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sh", script.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().remove("HOSTVIRT_JAR");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void argumentsWithSpacesQuotesAndShellCharactersArriveAsGiven() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")));
        Path jar = EchoJar.build(tmp, "echo.jar");
        Run r = run(SCRIPT, Map.of("HOSTVIRT_JAR", jar.toString()),
                "exit=0", "C:\\Users\\José\\datos", "two words", "$HOME", "*", "a\"b", "");
        assertEquals("[exit=0]\n[C:\\Users\\José\\datos]\n[two words]\n[$HOME]\n[*]\n[a\"b]\n[]\n", r.out());
    }

    @Test
    void exitCodesPassThrough() throws Exception {
        Path jar = EchoJar.build(tmp, "echo.jar");
        for (int code : new int[] {0, 1, 2, 3, 125, 137}) {
            assertEquals(code, run(SCRIPT, Map.of("HOSTVIRT_JAR", jar.toString()), "exit=" + code).exit());
        }
    }

    @Test
    void anInstalledLayoutFindsItsJarThroughASymlink() throws Exception {
        // /opt/hostvirt/bin/hostvirt with /opt/hostvirt/lib/hostvirt.jar, called through /usr/local/bin.
        Path bin = Files.createDirectories(tmp.resolve("opt/hostvirt/bin"));
        Files.copy(SCRIPT, bin.resolve("hostvirt"));
        EchoJar.build(tmp.resolve("build"), "../opt/hostvirt/lib/hostvirt.jar");
        Path link = Files.createDirectories(tmp.resolve("usr/local/bin")).resolve("hostvirt");
        Files.createSymbolicLink(link, bin.resolve("hostvirt"));
        Run r = run(link, Map.of(), "exit=3", "check");
        assertEquals(3, r.exit(), r.err());
        assertEquals("[exit=3]\n[check]\n", r.out());
    }

    @Test
    void aMissingJarIsOneLineAndExitTwo() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("lonely"));
        Files.copy(SCRIPT, bin.resolve("hostvirt"));
        Run r = run(bin.resolve("hostvirt"), Map.of(), "check");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("hostvirt: cannot find hostvirt.jar"), r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void anArchiveMadeForAnotherJvmIsIgnoredSilently() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        EchoJar.build(tmp.resolve("b"), "../lib/hostvirt.jar");
        Files.writeString(lib.resolve("hostvirt-17.jsa"), "not an archive");
        Files.writeString(lib.resolve("hostvirt-17.jsa.java"), "/nonexistent/bin/java\n");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.copy(SCRIPT, bin.resolve("hostvirt"));
        Run r = run(bin.resolve("hostvirt"), Map.of(), "exit=0", "x");
        assertEquals("[exit=0]\n[x]\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void aCorruptArchiveForThisJvmIsIgnoredWithoutTouchingStdout() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        EchoJar.build(tmp.resolve("b"), "../lib/hostvirt.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        Files.write(lib.resolve("hostvirt-17.jsa"), new byte[4096]);
        Files.writeString(lib.resolve("hostvirt-17.jsa.java"), java + "\n");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.copy(SCRIPT, bin.resolve("hostvirt"));
        Run r = run(bin.resolve("hostvirt"), Map.of(), "exit=0", "--json");
        assertEquals("[exit=0]\n[--json]\n", r.out(), r.err());
    }

    /** tmp/jdk/bin/java prints its arguments one per line; tmp/lib/hostvirt.jar is empty. Returns the java. */
    private Path fakeJvmInstall() throws Exception {
        return fakeJvmInstall("for a in \"$@\"; do echo \"$a\"; done\n");
    }

    /** tmp/jdk/bin/java runs {@code script} (sh); tmp/lib/hostvirt.jar is empty. Returns the java. */
    private Path fakeJvmInstall(String script) throws Exception {
        Path jdk = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path java = jdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + script);
        assertTrue(java.toFile().setExecutable(true));
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(lib.resolve("hostvirt.jar"), "");
        return java;
    }

    /** The launcher installed as tmp/bin/hostvirt, beside the fake install. */
    private Path launcherInBin() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        return Files.copy(SCRIPT, bin.resolve("hostvirt"));
    }

    @Test
    void closedStandardStreamsReachTheJvmAsDevNullOpenedForReading() throws Exception {
        // A JVM that says what its descriptors 0, 1 and 2 are, and whether it can write to 1 (on stderr).
        fakeJvmInstall("for fd in 0 1 2; do echo \"$fd=$(readlink /proc/$$/fd/$fd)\" >&2; done\n"
                + "echo written 2>/dev/null || echo \"1 refuses writes\" >&2\n");
        Path launcher = launcherInBin();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "sh '" + launcher + "' ps <&- >&-");
        pb.environment().remove("HOSTVIRT_JAR");
        pb.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertTrue(err.contains("0=/dev/null\n") && err.contains("1=/dev/null\n") && err.contains("1 refuses writes\n"), err);
        assertTrue(err.contains("2=pipe:"), "an open stream is left as it is: " + err);
    }

    @Test
    void asciiAndUtf8LocalesGetAUtf8CharacterTypeAndKeepTheirLanguage() throws Exception {
        // A UTF-8 locale may be named but not installed (then the JVM reads ASCII): it gets C.UTF-8's
        // character type too, and keeps its language.
        Map<Map<String, String>, String> expected = Map.of(
                Map.of(), "LC_ALL=unset LC_CTYPE=C.UTF-8 LANG=unset LC_MESSAGES=unset",
                Map.of("LANG", "C"), "LC_ALL=unset LC_CTYPE=C.UTF-8 LANG=C LC_MESSAGES=unset",
                Map.of("LC_ALL", "C", "LANG", "es_ES.UTF-8"), "LC_ALL=unset LC_CTYPE=C.UTF-8 LANG=es_ES.UTF-8 LC_MESSAGES=unset",
                Map.of("LC_ALL", "POSIX"), "LC_ALL=unset LC_CTYPE=C.UTF-8 LANG=unset LC_MESSAGES=unset",
                Map.of("LANG", "es_ES.UTF-8"), "LC_ALL=unset LC_CTYPE=C.UTF-8 LANG=es_ES.UTF-8 LC_MESSAGES=unset",
                Map.of("LC_ALL", "es_ES.utf8", "LC_MESSAGES", "en_US.UTF-8"), "LC_ALL=unset LC_CTYPE=C.UTF-8 LANG=es_ES.utf8 LC_MESSAGES=es_ES.utf8",
                Map.of("LC_CTYPE", "UTF-8"), "LC_ALL=unset LC_CTYPE=C.UTF-8 LANG=unset LC_MESSAGES=unset",
                Map.of("LANG", "es_ES.ISO-8859-1"), "LC_ALL=unset LC_CTYPE=unset LANG=es_ES.ISO-8859-1 LC_MESSAGES=unset",
                Map.of("LC_CTYPE", "C", "LANG", "es_ES.UTF-8"), "LC_ALL=unset LC_CTYPE=C.UTF-8 LANG=es_ES.UTF-8 LC_MESSAGES=unset");
        assertPrints("echo \"LC_ALL=${LC_ALL-unset} LC_CTYPE=${LC_CTYPE-unset} LANG=${LANG-unset} LC_MESSAGES=${LC_MESSAGES-unset}\"\n",
                expected);
    }

    /**
     * For each environment (the only variables besides PATH and JAVA_HOME), what a fake JVM that runs
     * {@code jvm} prints, started by the installed launcher.
     */
    private void assertPrints(String jvm, Map<Map<String, String>, String> expected) throws Exception {
        fakeJvmInstall(jvm);
        Path launcher = launcherInBin();
        for (var e : expected.entrySet()) {
            List<String> argv = new ArrayList<>(List.of("env", "-i", "PATH=/usr/bin:/bin", "JAVA_HOME=" + tmp.resolve("jdk")));
            e.getKey().forEach((k, v) -> argv.add(k + "=" + v));
            argv.addAll(List.of("sh", launcher.toString(), "ps"));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertEquals(e.getValue() + "\n", out, e.getKey().toString());
        }
    }

    @Test
    void theUsersLocaleValuesGoOnUnderPrivateNamesForTheContainers() throws Exception {
        // For -e 'LC_*' and -e LANG (cli.CallerEnvironment): a container got the rewrite, LC_CTYPE=C.UTF-8.
        Map<Map<String, String>, String> expected = Map.of(
                Map.of("LC_ALL", "es_ES.UTF-8"), "LC_ALL LC_CTYPE LC_MESSAGES LANG ALL=es_ES.UTF-8 CTYPE=unset MESSAGES=unset LANG=unset",
                Map.of("LANG", "", "LC_CTYPE", "C"), "LC_ALL LC_CTYPE LC_MESSAGES LANG ALL=unset CTYPE=C MESSAGES=unset LANG=",
                Map.of(), "LC_ALL LC_CTYPE LC_MESSAGES LANG ALL=unset CTYPE=unset MESSAGES=unset LANG=unset",
                Map.of("LANG", "es_ES.ISO-8859-1", "HOSTVIRT_ORIG_LANG", "stale"), "unset ALL=unset CTYPE=unset MESSAGES=unset LANG=unset");
        assertPrints("echo \"${HOSTVIRT_ORIG-unset} ALL=${HOSTVIRT_ORIG_LC_ALL-unset} CTYPE=${HOSTVIRT_ORIG_LC_CTYPE-unset}"
                + " MESSAGES=${HOSTVIRT_ORIG_LC_MESSAGES-unset} LANG=${HOSTVIRT_ORIG_LANG-unset}\"\n", expected);
    }

    @Test
    void pullAloneKeepsC2AndTheCommandsThatUnpackGetASmallYoungGeneration() throws Exception {
        fakeJvmInstall();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.copy(SCRIPT, bin.resolve("hostvirt"));
        Map<String, String> env = Map.of("JAVA_HOME", tmp.resolve("jdk").toString());
        Map<List<String>, List<String>> expected = Map.of(
                List.of("pull", "busybox"), List.of(),
                List.of("image", "import", "x.tar"), List.of("-XX:TieredStopAtLevel=1", "-Xmn16m"),
                List.of("run", "--rm", "busybox"), List.of("-XX:TieredStopAtLevel=1", "-Xmn16m"),
                List.of("check"), List.of("-XX:TieredStopAtLevel=1"));
        for (var e : expected.entrySet()) {
            List<String> options = run(bin.resolve("hostvirt"), env, e.getKey().toArray(String[]::new)).out().lines()
                    .filter(l -> l.startsWith("-XX:TieredStopAtLevel") || l.startsWith("-Xmn")).toList();
            assertEquals(e.getValue(), options, e.getKey().toString());
        }
    }

    @Test
    void checkPullImageAndRunTakeTheArchivesTrainedForThemAndEverythingElseTheGeneralOne() throws Exception {
        // A fake JVM that prints the options it was started with: which archive was chosen is all we see.
        Path java = fakeJvmInstall();
        Path lib = tmp.resolve("lib");
        for (String name : List.of("hostvirt-25.aot", "hostvirt-25-check.aot", "hostvirt-25-check-json.aot", "hostvirt-25-pull.aot", "hostvirt-25-run.aot",
                "hostvirt-25-image.aot")) {
            Files.writeString(lib.resolve(name), "");
            Files.writeString(lib.resolve(name + ".java"), java.toRealPath() + "\n");
        }
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.copy(SCRIPT, bin.resolve("hostvirt"));
        Map<String, String> env = Map.of("JAVA_HOME", tmp.resolve("jdk").toString());
        Map<List<String>, String> expected = Map.ofEntries(
                Map.entry(List.of("check"), "hostvirt-25-check.aot"),
                Map.entry(List.of("check", "--for", "kvm"), "hostvirt-25-check.aot"),
                Map.entry(List.of("check", "--lang", "es", "--json"), "hostvirt-25-check-json.aot"),
                Map.entry(List.of("facts", "--json"), "hostvirt-25.aot"),
                Map.entry(List.of("pull", "-q", "busybox"), "hostvirt-25-pull.aot"),
                Map.entry(List.of("pull", "--tls-verify=false", "localhost:5000/busybox"), "hostvirt-25-pull.aot"),
                Map.entry(List.of("run", "--rm", "busybox", "true"), "hostvirt-25-run.aot"),
                Map.entry(List.of("--lang", "es", "run", "busybox"), "hostvirt-25-run.aot"),
                Map.entry(List.of("--lang=es", "pull", "busybox"), "hostvirt-25-pull.aot"),
                Map.entry(List.of("images"), "hostvirt-25.aot"),
                Map.entry(List.of("image", "import", "busybox.tar"), "hostvirt-25-image.aot"),
                Map.entry(List.of("--version"), "hostvirt-25.aot"));
        for (var e : expected.entrySet()) {
            Run r = run(bin.resolve("hostvirt"), env, e.getKey().toArray(String[]::new));
            List<String> options = r.out().lines().filter(l -> l.startsWith("-XX:AOTCache=")).toList();
            assertEquals(List.of("-XX:AOTCache=" + lib.toRealPath().resolve(e.getValue())), options, e.getKey().toString());
        }
        // Without their archives (run's is built as root only), commands fall back to the general one.
        Files.delete(lib.resolve("hostvirt-25-check-json.aot"));
        Run r = run(bin.resolve("hostvirt"), env, "check", "--json");
        assertTrue(r.out().contains("-XX:AOTCache=" + lib.toRealPath().resolve("hostvirt-25.aot") + "\n"), r.out());
        Files.delete(lib.resolve("hostvirt-25-run.aot"));
        r = run(bin.resolve("hostvirt"), env, "run", "busybox");
        assertTrue(r.out().contains("-XX:AOTCache=" + lib.toRealPath().resolve("hostvirt-25.aot") + "\n"), r.out());
    }

    @Test
    void aCacheMarkedWithoutTrainingDataStartsNoTrainingReplay() throws Exception {
        Path java = fakeJvmInstall();
        Path lib = tmp.resolve("lib");
        Files.writeString(lib.resolve("hostvirt-25-run.aot"), "");
        Files.writeString(lib.resolve("hostvirt-25-run.aot.java"), java.toRealPath() + "\nno-training-replay\n");
        Files.writeString(lib.resolve("hostvirt-25-pull.aot"), "");
        Files.writeString(lib.resolve("hostvirt-25-pull.aot.java"), java.toRealPath() + "\n");
        // Anything else on that line is not an option to pass: the file only marks the cache.
        Files.writeString(lib.resolve("hostvirt-25.aot"), "");
        Files.writeString(lib.resolve("hostvirt-25.aot.java"), java.toRealPath() + "\n-XX:+PrintFlagsFinal\n");
        Path launcher = launcherInBin();
        Map<String, String> env = Map.of("JAVA_HOME", tmp.resolve("jdk").toString());
        List<String> replayOff = List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining");

        List<String> runOptions = run(launcher, env, "run", "busybox").out().lines().toList();
        int cache = runOptions.indexOf("-XX:AOTCache=" + lib.toRealPath().resolve("hostvirt-25-run.aot"));
        assertTrue(cache >= 0, runOptions.toString());
        assertEquals(replayOff, runOptions.subList(cache + 1, cache + 4), runOptions.toString());
        for (String command : List.of("pull", "images")) {
            List<String> options = run(launcher, env, command, "busybox").out().lines().toList();
            assertTrue(options.stream().noneMatch(o -> o.contains("AOTReplayTraining") || o.contains("PrintFlagsFinal")),
                    command + ": " + options);
        }
    }
}
