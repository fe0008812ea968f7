package dev.hostvirt.engine;

import dev.hostvirt.engine.image.ImageStore;
import dev.hostvirt.engine.layer.RootfsCache;
import dev.hostvirt.engine.seccomp.SeccompPolicyCache;
import dev.hostvirt.engine.store.FileContentStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * The engine's state, all under one directory: {@code content/} (blobs), {@code images/} (index),
 * {@code rootfs/} and {@code layers/} (unpacked images), {@code containers/}, {@code seccomp/} (compiled
 * filters). Default {@code /var/lib/hostvirt}; {@code HOSTVIRT_STATE_DIR} or {@code --state-dir} override
 * it (tests use a temporary directory).
 */
public record Engine(Path stateDir, FileContentStore blobs, ImageStore images, RootfsCache rootfs) {
    public static final Path DEFAULT_STATE = Path.of("/var/lib/hostvirt");

    public static Engine open(Path stateDir) {
        Path s = stateDir.toAbsolutePath().normalize();
        FileContentStore blobs = new FileContentStore(s.resolve("content"));
        ImageStore images = new ImageStore(s, blobs);
        return new Engine(s, blobs, images, new RootfsCache(s, images, isRoot()));
    }

    /** The state directory: the explicit option, else HOSTVIRT_STATE_DIR, else the default. */
    public static Path stateDir(Path option, Map<String, String> env, Path workingDirectory) {
        if (option != null) {
            return workingDirectory.resolve(option);
        }
        String fromEnv = env.get("HOSTVIRT_STATE_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return workingDirectory.resolve(fromEnv);
        }
        return DEFAULT_STATE;
    }

    public Path containersDir() {
        return stateDir.resolve("containers");
    }

    public SeccompPolicyCache seccompPolicies() {
        return new SeccompPolicyCache(stateDir.resolve("seccomp"));
    }

    /** Whether this process runs with effective uid 0 (chown, mounts and runtimes need it). */
    public static boolean isRoot() {
        long uid = effectiveUid();
        return uid >= 0 ? uid == 0 : "root".equals(System.getProperty("user.name"));
    }

    /** This process's effective uid (/proc/self/status), or -1 when it cannot be read (not Linux, no procfs). */
    public static long effectiveUid() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 ? Long.parseLong(f[1]) : -1;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux or no procfs
        }
        return -1;
    }
}
