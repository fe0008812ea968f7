package dev.hostvirt.engine.layer;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.file.Path;

/**
 * lsetxattr(2) through JNA, for the xattrs Java's UserDefinedFileAttributeView cannot set: file
 * capabilities ({@code security.capability}, e.g. ping's cap_net_raw) matter to images. Never follows
 * symlinks. JNA is loaded only when a layer carries such an xattr. Called through JNA's Function API
 * on the process's own libc symbols, as the KVM ioctl and mount(2) are: no library search and no
 * dynamic proxy, which an interface mapping costs.
 */
final class NativeXattr {
    private NativeXattr() {
    }

    /** Returns null on success, else why it failed. */
    static String set(Path path, String name, byte[] value) {
        try {
            int rc = NativeLibrary.getProcess().getFunction("lsetxattr")
                    .invokeInt(new Object[] {path.toString(), name, value, (long) value.length, 0});
            return rc == 0 ? null : "errno " + Native.getLastError();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return e.getMessage();
        }
    }

    /** The value, or null when absent or unreadable (used by tests and diagnostics). */
    static byte[] get(Path path, String name) {
        try {
            byte[] buf = new byte[256];
            long n = NativeLibrary.getProcess().getFunction("lgetxattr")
                    .invokeLong(new Object[] {path.toString(), name, buf, (long) buf.length});
            return n < 0 ? null : java.util.Arrays.copyOf(buf, (int) n);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }
}
