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
    private static final int CLONE_NEWNS = 0x00020000;
    private static final int MS_REC = 0x4000;
    private static final int MS_PRIVATE = 1 << 18;

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

    /**
     * Gives the calling thread a mount namespace of its own, copied from the process's, with every
     * mount in it private (unshare -m --propagation private): what the thread unmounts afterwards
     * stays out of the process's namespace, and programs it starts inherit the copy. Unlike a new user
     * namespace, a mount namespace can be unshared by one thread of a multi-threaded process (the
     * kernel gives the thread its own fs_struct). Null on success, else why it failed; after a failure
     * the thread must neither unmount nor start anything (propagation may still be shared).
     */
    public static String unshareMountNamespace() {
        String failed = call("unshare", new Object[] {CLONE_NEWNS});
        return failed != null ? failed : call("mount", new Object[] {"none", "/", null, (long) (MS_REC | MS_PRIVATE), null});
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
