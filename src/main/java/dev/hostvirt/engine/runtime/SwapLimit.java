package dev.hostvirt.engine.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the host's memory cgroup limits swap: v1 has memory.memsw.* only with swap accounting
 * (swapaccount=1, CONFIG_MEMCG_SWAP), v2 has memory.swap.max in every cgroup below the root where the
 * memory controller is on. Without it a swap limit in config.json is an error for some runtimes and
 * ignored by others, so it is left out, as podman leaves it out.
 */
public final class SwapLimit {
    private SwapLimit() {
    }

    public static boolean supported(Path sysFsCgroup) {
        if (CgroupMode.detect(sysFsCgroup) != CgroupMode.UNIFIED) {
            return Files.exists(sysFsCgroup.resolve("memory/memory.memsw.limit_in_bytes"));
        }
        // The root cgroup has no memory.swap.max of its own: any child with the controller tells.
        try (DirectoryStream<Path> children = Files.newDirectoryStream(sysFsCgroup, Files::isDirectory)) {
            for (Path child : children) {
                if (Files.exists(child.resolve("memory.swap.max"))) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
