package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed start's cgroups go from every hierarchy; a busy one and other containers' stay. */
class CgroupLeftoversTest {
    @TempDir
    Path root;

    @Test
    void emptyOnesGoInEveryLayoutAndNothingElse() throws IOException {
        String id = "f".repeat(64);
        Path v1 = Files.createDirectories(root.resolve("memory/hostvirt").resolve(id));
        Path unified = Files.createDirectories(root.resolve("unified/hostvirt").resolve(id));
        Path v2 = Files.createDirectories(root.resolve("hostvirt").resolve(id));
        Path busy = Files.createDirectories(root.resolve("pids/hostvirt").resolve(id));
        Files.writeString(busy.resolve("cgroup.procs"), "42\n"); // rmdir of a cgroup with a process fails, as this
        Path other = Files.createDirectories(root.resolve("memory/hostvirt").resolve("e".repeat(64)));
        CgroupLeftovers.remove(root, id);
        assertFalse(Files.exists(v1) || Files.exists(unified) || Files.exists(v2));
        assertTrue(Files.isDirectory(busy) && Files.isDirectory(other));
        CgroupLeftovers.remove(root.resolve("no-cgroups-here"), id); // nothing mounted: nothing to do, no error
    }
}
