package dev.hostvirt.engine.layer;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;

/**
 * lsetxattr(2) through JNA, for the xattrs Java's UserDefinedFileAttributeView cannot set: file
 * capabilities ({@code security.capability}, e.g. ping's cap_net_raw) matter to images. Never follows
 * symlinks. JNA is loaded only when a layer carries such an xattr.
 */
final class NativeXattr {
    private NativeXattr() {
    }

    interface CLib extends Library {
        int lsetxattr(String path, String name, byte[] value, long size, int flags);

        int lgetxattr(String path, String name, byte[] value, long size);
    }

    private static final class Holder {
        static final CLib C = Native.load("c", CLib.class);
    }

    /** Returns null on success, else why it failed. */
    static String set(Path path, String name, byte[] value) {
        try {
            int rc = Holder.C.lsetxattr(path.toString(), name, value, value.length, 0);
            return rc == 0 ? null : "errno " + Native.getLastError();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return e.getMessage();
        }
    }

    /** The value, or null when absent or unreadable (used by tests and diagnostics). */
    static byte[] get(Path path, String name) {
        try {
            byte[] buf = new byte[256];
            int n = Holder.C.lgetxattr(path.toString(), name, buf, buf.length);
            return n < 0 ? null : java.util.Arrays.copyOf(buf, n);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }
}
