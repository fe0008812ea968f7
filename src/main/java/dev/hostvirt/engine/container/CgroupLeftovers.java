package dev.hostvirt.engine.container;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup directories of a container whose runtime failed to start it. crun 1.8 makes them in
 * every hierarchy before it fails (a cpuset it cannot join, say) and does not remove them, and its
 * {@code delete} finds no state to go by: each failed run left empty {@code hostvirt/ID} directories
 * in 7 to 9 controllers for good. Empty cgroups are removed with rmdir; one that still holds a
 * process refuses, and stays.
 */
final class CgroupLeftovers {
    private CgroupLeftovers() {
    }

    /** {@code cgroupRoot} is /sys/fs/cgroup; the container's path there is /hostvirt/ID (OciConfigBuilder). */
    static void remove(Path cgroupRoot, String id) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(cgroupRoot.resolve("hostvirt").resolve(id)); // cgroup v2
        try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(cgroupRoot)) {
            for (Path h : hierarchies) {
                candidates.add(h.resolve("hostvirt").resolve(id)); // v1 controllers, and hybrid's unified
            }
        } catch (IOException | SecurityException noCgroups) {
            // nothing mounted there: nothing to remove either
        }
        for (Path c : candidates) {
            remove(c);
        }
    }

    /**
     * rmdir: a cgroup's files go with it, and only when it holds no process. A process killed just
     * now may not be reaped yet ("Device or resource busy"): tried again for half a second.
     */
    private static void remove(Path cgroup) {
        for (int attempt = 0; attempt < 10 && Files.isDirectory(cgroup); attempt++) {
            try {
                Files.delete(cgroup);
                return;
            } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException settled) {
                return; // not a cgroup that empties itself (a test's directory), or gone meanwhile
            } catch (IOException busy) {
                ContainerRunner.sleep(50);
            }
        }
    }
}
