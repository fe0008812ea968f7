package dev.hostvirt.host.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import dev.hostvirt.host.Reading;

/**
 * KVM_GET_API_VERSION on /dev/kvm: the one test that the driver behind the node answers (a /dev/null
 * bind-mounted over /dev/kvm passes every access() check). This class, and so JNA, is loaded only when
 * /dev/kvm is a readable and writable character device. The three libc functions are called through
 * JNA's Function API on the process's own symbols: no library search, no dynamic proxy, and none of
 * the per-method set-up of direct mapping, which took ~25 ms of every check's start-up (against ~1 ms).
 */
final class KvmIoctl {
    private static final long KVM_GET_API_VERSION = 0xAE00L;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 02000000;

    private KvmIoctl() {
    }

    static Reading<Object> apiVersion(String device) {
        try {
            if (Native.LONG_SIZE != 8) {
                return Reading.unknown("KVM_GET_API_VERSION is only asked on 64-bit Linux");
            }
            NativeLibrary libc = NativeLibrary.getProcess();
            int fd = libc.getFunction("open").invokeInt(new Object[] {device, O_RDWR | O_CLOEXEC});
            if (fd < 0) {
                return Reading.unknown("open(" + device + ") failed, errno " + Native.getLastError());
            }
            try {
                // ioctl is variadic; with integer arguments only, the call is the same as a fixed one on
                // LP64 Linux (request is an unsigned long: a Java long on every 64-bit Linux ABI hostvirt
                // supports). The third argument must be passed as 0: KVM_GET_API_VERSION answers EINVAL
                // to any other value, and an omitted one is whatever the register held.
                int v = libc.getFunction("ioctl").invokeInt(new Object[] {fd, KVM_GET_API_VERSION, 0L});
                return v < 0 ? Reading.unknown("KVM_GET_API_VERSION failed, errno " + Native.getLastError())
                        : Reading.present((long) v);
            } finally {
                libc.getFunction("close").invokeInt(new Object[] {fd});
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            return Reading.unknown("cannot call ioctl: " + e.getMessage());
        }
    }
}
