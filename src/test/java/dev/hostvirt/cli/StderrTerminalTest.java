package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redrawn progress goes to stderr only when stderr is the terminal: {@code import x.tar 2>log} at a
 * terminal must not fill the log with redraws. Checked in JVMs started under script(1), which gives
 * them a real pseudo-terminal.
 */
class StderrTerminalTest {
    @TempDir
    Path tmp;

    private String probe(String redirect) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' " + StderrProbe.class.getName() + " " + redirect;
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(List.of("script", "-qec", cmd, "/dev/null")).redirectOutput(out.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
        return Files.readString(out).strip();
    }

    @Test
    void atATerminalProgressGoesToStderrUnlessStderrIsSentElsewhere() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) (bsdutils) is not installed");
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux only");
        assertEquals("terminal=true errTerminal=true", probe(""));
        assertEquals("terminal=true errTerminal=false", probe("2>" + tmp.resolve("err.log")));
        assertEquals("terminal=true errTerminal=false", probe("2>/dev/null"));
    }
}
