package dev.hostvirt.engine.container;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.layer.TreeDeletion;
import dev.hostvirt.engine.mount.MountCalls;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's root: an overlay of the image's shared unpacked layers (or its merged root), never
 * written, and a private upper directory; where the kernel or file system refuses overlayfs, a private
 * copy of the merged root.
 */
final class RootfsMounter {
    private RootfsMounter() {
    }

    /** Where the merged root comes from when the layers cannot be mounted. */
    interface MergedRoot {
        Path get() throws IOException;
    }

    /**
     * Mounts the image's layers (top first) as the lower directories of an overlay; falls back to the
     * merged root (overlay of it, else a copy) when the kernel refuses. Returns "overlay" or "copy".
     */
    static String mountLayers(List<Path> lowersTopFirst, Path containerDir, MergedRoot merged) throws IOException {
        Path rootfs = Files.createDirectories(containerDir.resolve("rootfs"));
        Path upper = Files.createDirectories(containerDir.resolve("upper"));
        Path work = Files.createDirectories(containerDir.resolve("work"));
        // Real directories for the runtime's mounts, as the merged root has them: never an image's symlink.
        for (String d : new String[] {"dev", "proc", "sys"}) {
            Files.createDirectories(upper.resolve(d));
        }
        StringBuilder lowers = new StringBuilder();
        for (Path p : lowersTopFirst) {
            lowers.append(lowers.length() == 0 ? "" : ":").append(p);
        }
        String opts = "lowerdir=" + lowers + ",upperdir=" + upper + ",workdir=" + work;
        // index=off as docker's overlay2: an index would tie the shared layers to this upper directory.
        if (MountCalls.mountOverlay(rootfs.toString(), opts + ",index=off") == null
                || MountCalls.mountOverlay(rootfs.toString(), opts) == null
                || Exec.run(List.of("mount", "-t", "overlay", "overlay", "-o", opts, rootfs.toString())).exit() == 0) {
            return "overlay";
        }
        return mount(merged.get(), containerDir);
    }

    /** Returns "overlay" or "copy". */
    static String mount(Path lower, Path containerDir) throws IOException {
        Path rootfs = Files.createDirectories(containerDir.resolve("rootfs"));
        Path upper = Files.createDirectories(containerDir.resolve("upper"));
        Path work = Files.createDirectories(containerDir.resolve("work"));
        String opts = "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work;
        if (!opts.contains(":") && (MountCalls.mountOverlay(rootfs.toString(), opts) == null
                || Exec.run(List.of("mount", "-t", "overlay", "overlay", "-o", opts, rootfs.toString())).exit() == 0)) {
            return "overlay";
        }
        Exec.Result cp = Exec.run(List.of("cp", "-a", "--", lower + "/.", rootfs + "/"));
        if (cp.exit() != 0) {
            throw new HostvirtException(Text.of("engine.error.container.rootfs", cp.stderr().trim()), 125);
        }
        return "copy";
    }

    static void unmountAndDelete(Path containerDir) throws IOException {
        Path rootfs = containerDir.resolve("rootfs");
        if (isMountPoint(rootfs) && MountCalls.unmount(rootfs.toString(), false) != null
                && MountCalls.unmount(rootfs.toString(), true) != null) {
            Exec.Result r = Exec.run(List.of("umount", rootfs.toString()));
            if (r.exit() != 0) {
                Exec.run(List.of("umount", "-l", rootfs.toString()));
            }
        }
        if (isMountPoint(rootfs)) {
            throw new HostvirtException(Text.of("engine.error.container.unmount", rootfs), 125);
        }
        // Renamed first, as the detached monitor does: deleted in place, a container could be found with
        // its log deleted already, and `logs` printed nothing and exited 0 (ContainerControl#logs).
        Path doomed = ContainerStore.removingDir(containerDir);
        try {
            Files.move(containerDir, doomed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException taken) {
            doomed = containerDir; // gone already (another rm), or a leftover of that name in the way
        }
        TreeDeletion.delete(doomed);
    }

    /**
     * An exited container's root, unmounted as podman's cleanup does: nothing needs it any more
     * (there is no start), and a host full of stopped containers kept one overlay mount each. Its
     * upper directory, with what the container wrote, stays until rm. Not lazily: a root some
     * host process still uses stays mounted, and rm detaches it later.
     */
    static void unmountExited(Path containerDir) {
        Path rootfs = containerDir.resolve("rootfs");
        if (isMountPoint(rootfs)) {
            MountCalls.unmount(rootfs.toString(), false);
        }
    }

    static boolean isMountPoint(Path p) {
        return MountCalls.isMountPoint(p);
    }
}
