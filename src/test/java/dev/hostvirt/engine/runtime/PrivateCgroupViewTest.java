package dev.hostvirt.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runtime's private mount namespace, made by a thread of this JVM: the program sees it, nothing else does. */
class PrivateCgroupViewTest {
    private static String mountNamespace(String proc) throws IOException {
        return Files.readSymbolicLink(Path.of(proc, "ns/mnt")).toString();
    }

    private static boolean unifiedMountedHere() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.split(" ")[4].equals("/sys/fs/cgroup/unified"));
    }

    @Test
    void theStartedProgramAloneGetsTheNamespaceWithoutTheUnifiedHierarchy() throws Exception {
        assumeTrue(Engine.isRoot(), "unshare(CLONE_NEWNS) needs root (CI runs as root)");
        String before = mountNamespace("/proc/self");
        boolean hybrid = unifiedMountedHere();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "readlink /proc/self/ns/mnt; grep -c ' /sys/fs/cgroup/unified ' /proc/self/mountinfo;"
                + " grep ' / / ' /proc/self/mountinfo").redirectErrorStream(true);
        Process p = PrivateCgroupView.start(pb).orElseThrow();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<String> lines = out.lines().toList();
        assertNotEquals(before, lines.get(0), "a namespace of its own: " + out);
        assertEquals("0", lines.get(1), "no cgroup v2 hierarchy in it: " + out);
        assertFalse(lines.get(2).contains("shared:"), "every mount in it is private, so nothing propagates back: " + out);
        // This JVM, its main thread included, and the host are as they were.
        assertEquals(before, mountNamespace("/proc/self"));
        assertEquals(before, mountNamespace("/proc/thread-self"));
        assertEquals(hybrid, unifiedMountedHere());
    }
}
