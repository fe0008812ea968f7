package dev.hostvirt.host.linux;

import com.sun.jna.Native;
import dev.hostvirt.host.Reading;

/**
 * KVM_GET_API_VERSION on /dev/kvm: the one test that the driver behind the node answers (a /dev/null
 * bind-mounted over /dev/kvm passes every access() check). This class, and so JNA, is loaded only when
 * /dev/kvm is a readable and writable character device. Direct mapping (Native.register) rather than
 * an interface: it needs no dynamic proxy, which costs start-up time.
 */
final class KvmIoctl {
    private static final long KVM_GET_API_VERSION = 0xAE00L;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 02000000;

    private KvmIoctl() {
    }

    private static final class LibC {
        static {
            Native.register("c");
        }

        static native int open(String path, int flags);

        // ioctl is variadic; with integer arguments only, the fixed-argument call is the same on LP64 Linux
        // (request is an unsigned long: a Java long on every 64-bit Linux ABI hostvirt supports). The third
        // argument must be passed as 0: KVM_GET_API_VERSION answers EINVAL to any other value, and an
        // omitted one is whatever the register held.
        static native int ioctl(int fd, long request, long arg);

        static native int close(int fd);

        private LibC() {
        }
    }

    static Reading<Object> apiVersion(String device) {
        try {
            if (Native.LONG_SIZE != 8) {
                return Reading.unknown("KVM_GET_API_VERSION is only asked on 64-bit Linux");
            }
            int fd = LibC.open(device, O_RDWR | O_CLOEXEC);
            if (fd < 0) {
                return Reading.unknown("open(" + device + ") failed, errno " + Native.getLastError());
            }
            try {
                int v = LibC.ioctl(fd, KVM_GET_API_VERSION, 0L);
                return v < 0 ? Reading.unknown("KVM_GET_API_VERSION failed, errno " + Native.getLastError())
                        : Reading.present((long) v);
            } finally {
                LibC.close(fd);
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            return Reading.unknown("cannot call ioctl: " + e.getMessage());
        }
    }
}
