package dev.hostvirt.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swap accounting is read off the cgroup tree as each version shows it. */
class SwapLimitTest {
    @TempDir
    Path root;

    @Test
    void v1HasItOnlyWithTheMemswFiles() throws IOException {
        Path memory = Files.createDirectories(root.resolve("memory"));
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        assertFalse(SwapLimit.supported(root), "swapaccount=0: memory alone");
        Files.writeString(memory.resolve("memory.memsw.limit_in_bytes"), "9223372036854771712\n");
        assertTrue(SwapLimit.supported(root));
    }

    @Test
    void v2HasItWhereAChildCgroupHasMemorySwapMax() throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Path child = Files.createDirectories(root.resolve("system.slice"));
        Files.writeString(child.resolve("memory.max"), "max\n");
        assertFalse(SwapLimit.supported(root), "no CONFIG_MEMCG_SWAP");
        Files.writeString(child.resolve("memory.swap.max"), "max\n");
        assertTrue(SwapLimit.supported(root));
    }
}
