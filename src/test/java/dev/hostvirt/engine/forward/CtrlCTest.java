package dev.hostvirt.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while forwarding: a terminal sends SIGINT to the whole foreground process group (the JVM and
 * the forwarded child), as the Windows console sends CTRL_C_EVENT to every attached process. The child
 * here traps it and exits 42; the JVM must survive the signal and exit 42 too (without the guard it
 * exits 130 at once). Run in its own session (setsid) so the signal reaches nothing else.
 */
class CtrlCTest {
    @TempDir
    Path dir;

    private int probe(String childScript) throws IOException, InterruptedException {
        Path child = dir.resolve("child");
        Files.writeString(child, childScript, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(child, PosixFilePermissions.fromString("rwxr-xr-x"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of("setsid", java, "-cp", System.getProperty("java.class.path"),
                SignalProbe.class.getName(), child.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        return p.exitValue();
    }

    @Test
    void theChildsExitCodeAfterCtrlCIsOurs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "skipped: setsid (util-linux) is missing");
        int code = probe("#!/bin/sh\ntrap 'exit 42' INT\nkill -INT 0\nsleep 5 & wait\nexit 3\n");
        assertEquals(42, code);
    }

    @Test
    void aChildThatDiesOfTheSignalGivesTheShellConvention() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "skipped: setsid (util-linux) is missing");
        // No trap: the child is killed by SIGINT; Java reports 128+2 like a shell would.
        int code = probe("#!/bin/sh\nkill -INT 0\nsleep 5\nexit 3\n");
        assertEquals(130, code);
    }
}
