package dev.hostvirt.engine.container;

import dev.hostvirt.engine.layer.RootPath;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The container's tree as its process will find it, before the runtime mounts anything: the image's
 * root, with each -v and --tmpfs over it. It tells what a path is there, so that a clash between a
 * mount, a working directory and what lies beneath them is refused in hostvirt's words (and podman's
 * 126) instead of the runtime's ("mount `tmpfs` to `etc/passwd`: Not a directory", 125).
 *
 * @param rootfs the image's root, mounted
 * @param mounts the -v and --tmpfs mounts
 */
record MountedView(Path rootfs, List<Mount> mounts) {
    /**
     * One mount.
     *
     * @param destination absolute, without a trailing slash
     * @param source a host path, or null for a tmpfs
     * @param copyUp a tmpfs that starts with what lay beneath it (tmpcopyup, podman's default); an
     *     empty directory otherwise
     * @param readOnly nothing can be made in it, a mount point for another mount included
     */
    record Mount(String destination, Path source, boolean copyUp, boolean readOnly) {
        static Mount bind(String destination, Path source, boolean readOnly) {
            return new Mount(destination, source, false, readOnly);
        }

        static Mount tmpfs(String destination, java.util.Collection<String> options) {
            return new Mount(destination, null, options.contains(dev.hostvirt.engine.bundle.RunSpec.Tmpfs.COPY_UP),
                    options.contains("ro"));
        }
    }

    enum Kind {
        /** Nothing there: the runtime makes it (a mount point, a parent). */
        MISSING,
        DIRECTORY,
        FILE,
        /** A directory above it is not one: nothing can be made or mounted there. */
        UNDER_A_FILE,
        /** Nothing there, and it cannot be made: the runtime's read-only /sys, devpts, mqueue. */
        CANNOT_BE_MADE
    }

    /** The device files every container gets in the runtime's /dev tmpfs (runtime-spec "Default Devices"). */
    private static final java.util.Set<String> RUNTIME_DEVICES = java.util.Set.of("/dev/null", "/dev/zero", "/dev/full",
            "/dev/random", "/dev/urandom", "/dev/tty");
    /**
     * Its directories where nothing can be made: devpts and mqueue. /dev/shm is not one of them: a -v or
     * --tmpfs there replaces the runtime's (podman's rule, OciConfigBuilder), so a file may go there too.
     */
    private static final java.util.Set<String> RUNTIME_DEV_DIRECTORIES = java.util.Set.of("/dev/pts", "/dev/mqueue");

    MountedView {
        mounts = List.copyOf(mounts);
    }

    static String normalized(String destination) {
        return destination.length() > 1 && destination.endsWith("/") ? destination.substring(0, destination.length() - 1) : destination;
    }

    /**
     * The mounts of a container's config.json that show files (binds and tmpfs; /proc, /sys and the
     * like hold no /etc/passwd): what {@code exec -u} looks its user up through.
     */
    static MountedView ofConfig(Path rootfs, com.fasterxml.jackson.databind.JsonNode config) {
        List<Mount> mounts = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode m : config.path("mounts")) {
            String destination = normalized(m.path("destination").asText(""));
            boolean bind = m.path("type").asText("").equals("bind");
            List<String> options = new ArrayList<>();
            m.path("options").forEach(o -> options.add(o.asText()));
            bind |= options.contains("bind") || options.contains("rbind");
            if (destination.startsWith("/") && bind && !m.path("source").asText("").isEmpty()) {
                mounts.add(Mount.bind(destination, Path.of(m.path("source").asText()), options.contains("ro")));
            } else if (destination.startsWith("/") && m.path("type").asText("").equals("tmpfs")) {
                mounts.add(Mount.tmpfs(destination, options));
            }
        }
        return new MountedView(rootfs, mounts);
    }

    /**
     * A small file as the container's process will read it (at most 1 MiB; "" for anything else,
     * or when nothing is there): /etc/passwd and /etc/group for -u, which podman looks up after
     * mounting (`-u web -v /etc/passwd:/etc/passwd:ro`); an empty tmpfs over /etc hides them.
     */
    String read(String path) throws IOException {
        return read(path, Integer.MAX_VALUE);
    }

    /** {@link #read(String)} through the mounts whose destinations are shorter than {@code above}. */
    private String read(String path, int above) throws IOException {
        Mount cover = deepest(path, null, above);
        if (cover == null) {
            return ContainerRunner.readInRoot(rootfs, path);
        }
        String rest = path.substring(cover.destination().length());
        if (cover.source() == null) {
            return cover.copyUp() ? read(path, cover.destination().length()) : "";
        }
        Path source = cover.source().toRealPath(); // the mount follows the source's links; the user named it
        if (java.nio.file.Files.isDirectory(source)) {
            return ContainerRunner.readInRoot(source, rest);
        }
        return rest.isEmpty() ? ContainerRunner.readSmallFile(source) : "";
    }

    /**
     * The deepest mount at or above {@code path}, but the one at {@code except}, among those whose
     * destination is shorter than {@code above} (what a tmpfs's copy-up found there); null when none.
     */
    private Mount deepest(String path, String except, int above) {
        Mount cover = null;
        for (Mount m : mounts) {
            String d = m.destination();
            boolean covers = path.equals(d) || path.startsWith(d.equals("/") ? "/" : d + "/");
            if (covers && !d.equals(except) && d.length() < above && (cover == null || d.length() > cover.destination().length())) {
                cover = m;
            }
        }
        return cover;
    }

    /** What {@code path} is, seen through every mount but the one at {@code except} (null: all). */
    Kind kindOf(String path, String except) throws IOException {
        return kindOf(path, except, Integer.MAX_VALUE);
    }

    private Kind kindOf(String path, String except, int above) throws IOException {
        Mount cover = deepest(path, except, above);
        if (cover == null) {
            return runtimeKind(path).orElse(kindIn(rootfs, path));
        }
        Path source = cover.source();
        String rest = path.substring(cover.destination().length());
        if (source == null) {
            return rest.isEmpty() ? Kind.DIRECTORY : cover.copyUp() ? kindOf(path, except, cover.destination().length()) : Kind.MISSING;
        }
        BasicFileAttributes s = java.nio.file.Files.readAttributes(source, BasicFileAttributes.class); // the mount follows links
        if (!s.isDirectory()) {
            return rest.isEmpty() ? Kind.FILE : Kind.UNDER_A_FILE;
        }
        return kindIn(source, rest);
    }

    /**
     * What the runtime's own mounts put at a path under /dev or /sys, which the image's files do not
     * show: a -v of a directory over /dev/null, or below the read-only /sys
     * came back as crun's or runc's bare words with 125 ("failed open()ing /dev/null: Is a
     * directory", "mkdir `/sys/x`: Operation not permitted"). /sys is the host's, read-only.
     */
    private static java.util.Optional<Kind> runtimeKind(String path) {
        if (RUNTIME_DEVICES.contains(path)) {
            return java.util.Optional.of(Kind.FILE);
        }
        if (path.equals("/dev") || RUNTIME_DEV_DIRECTORIES.contains(path)) {
            return java.util.Optional.of(Kind.DIRECTORY);
        }
        for (String device : RUNTIME_DEVICES) {
            if (path.startsWith(device + "/")) {
                return java.util.Optional.of(Kind.UNDER_A_FILE);
            }
        }
        if (path.startsWith("/dev/pts/") || path.startsWith("/dev/mqueue/")) {
            return java.util.Optional.of(Kind.CANNOT_BE_MADE);
        }
        if (path.startsWith("/sys/fs/cgroup/")) {
            return java.util.Optional.empty(); // a tmpfs the runtime builds on a v1 host, where mount points can be made
        }
        if (path.startsWith("/sys/")) {
            BasicFileAttributes a = RootPath.lstat(Path.of(path));
            return java.util.Optional.of(a == null ? Kind.CANNOT_BE_MADE : a.isDirectory() ? Kind.DIRECTORY
                    : a.isSymbolicLink() ? Kind.CANNOT_BE_MADE : Kind.FILE);
        }
        return java.util.Optional.empty();
    }

    /**
     * Whether a file can be bind-mounted at {@code path} (the /etc files over a -v of /etc): not when
     * nothing is there and the mount that would have to hold the new mount point is read-only, where
     * the runtime fails ("read-only file system"; podman's 126 for `-v dir:/etc:ro`). The image's own
     * root counts as writable: a --read-only root is made so after the mounts.
     */
    boolean canMountFileAt(String path) throws IOException {
        Mount cover = deepest(path, null, Integer.MAX_VALUE);
        Kind k = kindOf(path, null);
        if (k == Kind.UNDER_A_FILE || k == Kind.DIRECTORY || k == Kind.CANNOT_BE_MADE) {
            return false;
        }
        return cover == null || !cover.readOnly() || k == Kind.FILE;
    }

    /** What a path is under a root, its symlinks resolved inside that root. */
    private static Kind kindIn(Path root, String path) throws IOException {
        RootPath rp = new RootPath(root);
        List<String> resolved = rp.resolve(new ArrayList<>(Arrays.asList(path.split("/"))));
        for (int i = 1; i <= resolved.size(); i++) {
            BasicFileAttributes a = RootPath.lstat(rp.path(resolved.subList(0, i)));
            if (a == null) {
                return Kind.MISSING;
            }
            if (i < resolved.size() && !a.isDirectory()) {
                return Kind.UNDER_A_FILE;
            }
            if (i == resolved.size()) {
                return a.isDirectory() ? Kind.DIRECTORY : a.isSymbolicLink() ? Kind.MISSING : Kind.FILE;
            }
        }
        return Kind.DIRECTORY; // the root itself
    }
}
