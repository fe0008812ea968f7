package dev.hostvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCommandRunnerTest {
    @TempDir
    Path tmp;

    @Test
    void aProgramInNoPathDirectoryIsAbsentWithoutStartingAnything() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("tool"), "#!/bin/sh\n");
        assertTrue(ProcessCommandRunner.notOnPath("nosuchtool", bin + ":" + tmp.resolve("missing")));
        assertFalse(ProcessCommandRunner.notOnPath("tool", tmp.resolve("missing") + ":" + bin));
    }

    @Test
    void pathsAndUnsetPathAreLeftToExec() {
        assertFalse(ProcessCommandRunner.notOnPath("/no/such/dir/tool", "/nowhere"));
        assertFalse(ProcessCommandRunner.notOnPath("./tool", "/nowhere"));
        assertFalse(ProcessCommandRunner.notOnPath("sh", null), "execvp searches /bin:/usr/bin without PATH");
    }

    @Test
    void realRunsStillAnswerAndMissingProgramsAreAbsent() {
        ProcessCommandRunner runner = ProcessCommandRunner.forProbes();
        Reading<CommandOutput> echo = runner.run(List.of("sh", "-c", "echo hi; exit 3"));
        assertTrue(echo instanceof Reading.Present<CommandOutput>);
        CommandOutput out = ((Reading.Present<CommandOutput>) echo).value();
        assertEquals(3, out.exit());
        assertEquals("hi\n", out.stdout());
        assertTrue(runner.run(List.of("hostvirt-no-such-program-" + ProcessHandle.current().pid())).isAbsent());
    }
}
