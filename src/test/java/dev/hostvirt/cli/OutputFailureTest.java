package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output that cannot be written is an error, said once, except when a pipe's reader has gone: each
 * case in a real JVM, through a shell, as a script would run hostvirt.
 */
class OutputFailureTest {
    @TempDir
    Path tmp;

    private record Result(int exit, String err) {
    }

    private Result hostvirt(String shellTail, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder cmd = new StringBuilder("'" + java + "' -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName());
        for (String a : args) {
            cmd.append(" '").append(a).append("'");
        }
        Path err = tmp.resolve("err.txt");
        cmd.append(" 2>'").append(err).append("' ").append(shellTail);
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", "set -o pipefail; " + cmd + "; echo $? > '" + tmp.resolve("code") + "'"))
                .redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C"); // the C library's words for errno, which the assertions read
        pb.environment().put("HOSTVIRT_STATE_DIR", tmp.resolve("state").toString());
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(Integer.parseInt(Files.readString(tmp.resolve("code")).strip()), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aFullDeviceIsAnErrorWithTheReason() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full");
        Result r = hostvirt("> /dev/full", "--lang", "en", "--help");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("hostvirt: cannot write the output: "), r.err());
        assertTrue(r.err().contains("No space left on device"), r.err());
        Result engine = hostvirt("> /dev/full", "ps", "--help");
        assertEquals(ExitCodes.ENGINE_ERROR, engine.exit(), "an engine command's failure is 125: " + engine.err());
        Result json = hostvirt("> /dev/full", "ps", "-a", "--json");
        assertEquals(ExitCodes.ENGINE_ERROR, json.exit(), json.err());
        assertTrue(json.err().startsWith("hostvirt: cannot write the output: "), json.err());
    }

    @Test
    void aWarningThatCannotBeWrittenFailsACommandThatOtherwiseWorked() throws Exception {
        // An image for another architecture imports with a warning on stderr, and exit 0.
        String other = "amd64".equals(dev.hostvirt.engine.image.Platform.host().architecture()) ? "arm64" : "amd64";
        Path layout = dev.hostvirt.engine.TestImages.ociLayout(tmp.resolve("foreign"), "localhost/foreign:1",
                new dev.hostvirt.engine.TestImages.Image(List.of(new dev.hostvirt.engine.TestTars().file("etc/x", "x").bytes()),
                        java.util.Map.of("Cmd", List.of("sh")), other), dev.hostvirt.engine.TestImages.Packing.GZIP);
        Result warned = hostvirt("", "image", "import", layout.toString(), "--name", "localhost/foreign:1");
        assertEquals(0, warned.exit(), warned.err());
        assertTrue(warned.err().contains(other), "the warning this test relies on: " + warned.err());
        Result lost = hostvirt("2> /dev/full", "image", "import", layout.toString(), "--name", "localhost/foreign:2");
        assertEquals(ExitCodes.ENGINE_ERROR, lost.exit(), "the warning was lost: not a success (it was 0)");
    }

    @Test
    void aFailureOfStderrChangesASuccessThoughItCannotBeSaid() throws Exception {
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        };
        OutputFailure stderr = new OutputFailure(full, 2);
        java.io.PrintWriter err = new java.io.PrintWriter(new java.io.OutputStreamWriter(stderr, java.nio.charset.StandardCharsets.UTF_8), true);
        err.println("a warning the command wrote");
        Path proc = Files.createDirectories(tmp.resolve("proc/fd"));
        Files.createSymbolicLink(proc.resolve("2"), Path.of("/tmp/full-disk/err.log"));
        picocli.CommandLine line = new picocli.CommandLine(picocli.CommandLine.Model.CommandSpec.create()); // not an engine command
        assertEquals(ExitCodes.USAGE, stderr.exitCode(0, err, err, line, dev.hostvirt.i18n.Messages.forLocale(java.util.Locale.ENGLISH), proc),
                "run ... 2> a full disk exited 0 with the container's stderr cut");
        assertEquals(ExitCodes.INTERNAL, stderr.exitCode(ExitCodes.INTERNAL, err, err, line,
                dev.hostvirt.i18n.Messages.forLocale(java.util.Locale.ENGLISH), proc), "a bug stays a bug");
    }

    @Test
    void aPipeCountsAsGoneOnlyWhenAWriteToItCouldNotWaitForRoom() throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc/fd"));
        Path info = Files.createDirectories(tmp.resolve("proc/fdinfo"));
        Files.createSymbolicLink(proc.resolve("1"), Path.of("pipe:[4242]"));
        Files.writeString(info.resolve("1"), "pos:\t0\nflags:\t01\nmnt_id:\t15\n");
        assertTrue(OutputFailure.readerGone(proc, 1), "a blocking pipe fails only with EPIPE");
        Files.writeString(info.resolve("1"), "pos:\t0\nflags:\t04001\nmnt_id:\t15\n");
        assertFalse(OutputFailure.readerGone(proc, 1), "non-blocking: EAGAIN loses output, and is said");
        Files.delete(proc.resolve("1"));
        Files.createSymbolicLink(proc.resolve("1"), Path.of("/dev/full"));
        assertFalse(OutputFailure.readerGone(proc, 1));
        assertTrue(OutputFailure.readerGone(tmp.resolve("no-proc/fd"), 1), "no /proc (macOS, Windows): as quiet as before");
    }

    @Test
    void aPipeWhoseReaderLeftIsQuiet() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux only");
        // true exits at once, long before a JVM has started and written the help: every write fails.
        Result r = hostvirt("| true", "run", "--help");
        assertEquals("", r.err(), "nothing said when the reader went away");
        assertEquals(0, r.exit());
    }

    @Test
    void writtenOutputChangesNothing() throws Exception {
        Result r = hostvirt("> '" + tmp.resolve("help.txt") + "'", "--lang", "es", "--help");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertTrue(Files.readString(tmp.resolve("help.txt")).contains("hostvirt"));
    }

    @Test
    void argumentsTheLocaleCouldNotReadAreRefusedNotRunGarbled() throws Exception {
        // Without linux/hostvirt, in the C locale (hostvirt() runs the JVM in it), the JVM turned 'ü' into U+FFFD before main.
        Result run = hostvirt("> /dev/null", "run", "--rm", "busybox", "echo", "ü");
        assertEquals(ExitCodes.ENGINE_ERROR, run.exit(), run.err());
        assertTrue(run.err().startsWith("hostvirt: some arguments have characters this locale cannot read"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        Result facts = hostvirt("> /dev/null", "facts", "--snapshot", "/nonexistent/ü.json");
        assertEquals(ExitCodes.USAGE, facts.exit(), facts.err());
        assertFalse(Main.garbledByTheLocale(new String[] {"\uFFFD"}, "UTF-8"), "in UTF-8 it is what the user typed");
        assertFalse(Main.garbledByTheLocale(new String[] {"ü"}, "ANSI_X3.4-1968"));
    }
}
