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

    @Test
    void anOwnerInAnotherPidNamespaceIsNeverTakenForGone() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/ns")), "needs /proc");
        ProcessIdentity me = ProcessIdentity.current().orElseThrow();
        assertTrue(me.pidNamespace() != null && me.pidNamespace().startsWith("pid:["), String.valueOf(me.pidNamespace()));
        assertEquals(Optional.of(me), ProcessIdentity.parse(me.text()), "written and read back with its namespace");
        // Review: `unshare -p -f --mount-proc hostvirt ps -a` settled (killed) a live foreground run it could not see.
        ProcessIdentity elsewhere = new ProcessIdentity(999_999, 1, "pid:[1]");
        assertEquals(ProcessIdentity.Liveness.UNKNOWN, elsewhere.liveness());
        assertEquals(ProcessIdentity.Liveness.GONE, new ProcessIdentity(999_999, 1, me.pidNamespace()).liveness(), "same namespace: gone");
    }
}
