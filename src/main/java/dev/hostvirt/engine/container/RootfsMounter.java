package dev.hostvirt.engine.container;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.layer.LayerApplier;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's root: an overlay of the shared unpacked image (lower, never written) and a private
 * upper directory, or, where the kernel or file system refuses overlayfs, a private copy.
 */
final class RootfsMounter {
    private RootfsMounter() {
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
        LayerApplier.delete(containerDir);
    }

    static boolean isMountPoint(Path p) {
        try {
            String target = p.toRealPath().toString();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(target)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
