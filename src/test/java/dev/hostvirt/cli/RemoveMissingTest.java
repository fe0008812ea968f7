package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.container.ContainerRecord;
import dev.hostvirt.engine.container.ContainerStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rm of a container that does not exist, as podman: 1, the others removed; -f skips it. */
class RemoveMissingTest {
    @TempDir
    Path tmp;

    private ContainerStore exited(String id, String name) throws IOException {
        ContainerStore store = new ContainerStore(tmp.resolve("state").resolve("containers"));
        store.create(id);
        // "runc-gone": a runtime no host has, so that rm deletes only the record (as after an uninstall)
        store.save(new ContainerRecord(id, name, "img", "sha256:" + "b".repeat(64), List.of("true"), "2026-11-28T00:00:00Z",
                "runc-gone", "exited", 0, false, null, false, false, "copy", List.of()));
        return store;
    }

    @Test
    void aMissingNameIsExitCodeOneAndTheOthersAreRemoved() throws IOException {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        ContainerStore store = exited("e".repeat(64), "done");
        exited("d".repeat(64), "also-done");
        EngineCli.Result both = cli.run("rm", "done", "absent");
        assertEquals(ExitCodes.NO_SUCH, both.exit(), both.toString());
        assertEquals("hostvirt: no such container: absent", both.err().strip());
        assertEquals("done\n", both.out(), "the one that exists goes, as with podman and docker");
        assertTrue(store.lookup("done").isEmpty());
        EngineCli.Result forced = cli.run("rm", "-f", "absent", "also-done", "d");
        assertEquals(0, forced.exit(), forced.toString());
        assertEquals("also-done\n", forced.out(), "two names of one container: removed once; the missing one skipped");
        assertTrue(store.lookup("also-done").isEmpty());
        assertEquals(ExitCodes.NO_SUCH, cli.run("rm", "done").exit());
        assertEquals(ExitCodes.ENGINE_ERROR, cli.run("stop", "done").exit(), "stop keeps podman's 125");

        exited("ab" + "1".repeat(62), "one");
        exited("ab" + "2".repeat(62), "two");
        exited("c".repeat(64), "three");
        EngineCli.Result ambiguous = cli.run("rm", "ab", "three");
        assertEquals(ExitCodes.ENGINE_ERROR, ambiguous.exit(), "podman's 125: " + ambiguous);
        assertTrue(ambiguous.err().contains("ambiguous"), ambiguous.err());
        assertEquals("three\n", ambiguous.out(), "the others still go (it stopped with 125 and removed nothing)");
    }
}
