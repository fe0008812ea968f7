package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        Process p = new ProcessBuilder(List.of("bash", "-c", "set -o pipefail; " + cmd + "; echo $? > '" + tmp.resolve("code") + "'"))
                .redirectErrorStream(true).start();
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
}
