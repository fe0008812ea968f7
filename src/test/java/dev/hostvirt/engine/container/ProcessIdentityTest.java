package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {
    @Test
    void itsTextReadsBackAndAnythingElseIsNothing() {
        ProcessIdentity id = new ProcessIdentity(4242, 7896468);
        assertEquals(Optional.of(id), ProcessIdentity.parse(id.text()));
        assertEquals(Optional.empty(), ProcessIdentity.parse(""));
        assertEquals(Optional.empty(), ProcessIdentity.parse("4242"));
        assertEquals(Optional.empty(), ProcessIdentity.parse("4242 x"));
    }

    @Test
    void aProcessRunsUntilItEndsAndItsPidWithAnotherStartTimeIsAnotherProcess() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc");
        ProcessIdentity me = ProcessIdentity.current().orElseThrow();
        assertEquals(ProcessIdentity.Liveness.RUNNING, me.liveness());
        assertEquals(ProcessIdentity.Liveness.GONE, new ProcessIdentity(me.pid(), me.startTicks() + 1).liveness(), "a pid reused");
        Process p = new ProcessBuilder("true").start();
        ProcessIdentity child = ProcessIdentity.of(p.pid()).orElse(new ProcessIdentity(p.pid(), 0));
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(ProcessIdentity.Liveness.GONE, child.liveness());
    }
}
