package dev.hostvirt.engine.mount;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * mount(2) and umount2(2) through JNA's Function API on the process's own libc symbols. Starting
 * mount(8) and umount(8) for every container (each reads the mount table and its lock files) cost
 * more than the calls themselves; the binaries remain the fallback when JNA cannot be used.
 */
public final class MountCalls {
    private static final int MNT_DETACH = 2;

    private MountCalls() {
    }

    /** Loads JNA and resolves the process's symbols, so that the first call is only the call. */
    public static void load() {
        try {
            NativeLibrary.getProcess().getFunction("mount");
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            // the calls will say why, and the binaries take over
        }
    }

    /** Null on success, else why it failed. */
    public static String mountOverlay(String target, String options) {
        return call("mount", new Object[] {"overlay", target, "overlay", 0L, options});
    }

    /** Null on success, else why it failed; lazy detaches a busy mount (umount -l). */
    public static String unmount(String target, boolean lazy) {
        return call("umount2", new Object[] {target, lazy ? MNT_DETACH : 0});
    }

    private static String call(String function, Object[] args) {
        try {
            int rc = NativeLibrary.getProcess().getFunction(function).invokeInt(args);
            return rc == 0 ? null : function + " failed, errno " + Native.getLastError();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            return "cannot call " + function + ": " + e.getMessage();
        }
    }

    /** Whether {@code p} is a mount point of this process's mount namespace (/proc/self/mountinfo). */
    public static boolean isMountPoint(java.nio.file.Path p) {
        try {
            String target = p.toRealPath().toString();
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(target)) {
                    return true;
                }
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
