package dev.hostvirt.host.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import dev.hostvirt.host.Reading;

/**
 * KVM_GET_API_VERSION on /dev/kvm: the one test that a device node really is KVM (a /dev/null bind
 * mounted over /dev/kvm passes every access() check). JNA is loaded only when this runs, and this
 * runs only when /dev/kvm is a readable and writable character device.
 */
final class KvmIoctl {
    private static final long KVM_GET_API_VERSION = 0xAE00L;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 02000000;

    private KvmIoctl() {
    }

    interface CLib extends Library {
        int open(String path, int flags);

        int ioctl(int fd, NativeLong request, Object... args);

        int close(int fd);
    }

    static Reading<Object> apiVersion(String device) {
        try {
            CLib c = Native.load("c", CLib.class);
            int fd = c.open(device, O_RDWR | O_CLOEXEC);
            if (fd < 0) {
                return Reading.unknown("open(" + device + ") failed, errno " + Native.getLastError());
            }
            try {
                int v = c.ioctl(fd, new NativeLong(KVM_GET_API_VERSION));
                return v < 0 ? Reading.unknown("KVM_GET_API_VERSION failed, errno " + Native.getLastError())
                        : Reading.present((long) v);
            } finally {
                c.close(fd);
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Reading.unknown("cannot call ioctl: " + e.getMessage());
        }
    }
}
