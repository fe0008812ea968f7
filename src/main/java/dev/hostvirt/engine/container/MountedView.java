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
    /** {@code destination} absolute, without a trailing slash; {@code source} a host path, or null for a tmpfs (an empty directory). */
    record Mount(String destination, Path source) {
    }

    enum Kind {
        /** Nothing there: the runtime makes it (a mount point, a parent). */
        MISSING,
        DIRECTORY,
        FILE,
        /** A directory above it is not one: nothing can be made or mounted there. */
        UNDER_A_FILE
    }

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
            for (com.fasterxml.jackson.databind.JsonNode o : m.path("options")) {
                bind |= o.asText().equals("bind") || o.asText().equals("rbind");
            }
            if (destination.startsWith("/") && bind && !m.path("source").asText("").isEmpty()) {
                mounts.add(new Mount(destination, Path.of(m.path("source").asText())));
            } else if (destination.startsWith("/") && m.path("type").asText("").equals("tmpfs")) {
                mounts.add(new Mount(destination, null));
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
        Mount cover = deepest(path, null);
        if (cover == null) {
            return ContainerRunner.readInRoot(rootfs, path);
        }
        String rest = path.substring(cover.destination().length());
        if (cover.source() == null) {
            return "";
        }
        Path source = cover.source().toRealPath(); // the mount follows the source's links; the user named it
        if (java.nio.file.Files.isDirectory(source)) {
            return ContainerRunner.readInRoot(source, rest);
        }
        return rest.isEmpty() ? ContainerRunner.readSmallFile(source) : "";
    }

    /** The deepest mount at or above {@code path}, but the one at {@code except}; null when none. */
    private Mount deepest(String path, String except) {
        Mount cover = null;
        for (Mount m : mounts) {
            String d = m.destination();
            boolean covers = path.equals(d) || path.startsWith(d.equals("/") ? "/" : d + "/");
            if (covers && !d.equals(except) && (cover == null || d.length() > cover.destination().length())) {
                cover = m;
            }
        }
        return cover;
    }

    /** What {@code path} is, seen through every mount but the one at {@code except} (null: all). */
    Kind kindOf(String path, String except) throws IOException {
        Mount cover = deepest(path, except);
        if (cover == null) {
            return kindIn(rootfs, path);
        }
        Path source = cover.source();
        String rest = path.substring(cover.destination().length());
        if (source == null) {
            return rest.isEmpty() ? Kind.DIRECTORY : Kind.MISSING;
        }
        BasicFileAttributes s = java.nio.file.Files.readAttributes(source, BasicFileAttributes.class); // the mount follows links
        if (!s.isDirectory()) {
            return rest.isEmpty() ? Kind.FILE : Kind.UNDER_A_FILE;
        }
        return kindIn(source, rest);
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
