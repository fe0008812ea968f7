package dev.hostvirt.host.macos;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.mac.SystemB;
import com.sun.jna.platform.unix.LibCAPI;
import dev.hostvirt.host.Reading;
import java.nio.ByteOrder;

/**
 * sysctlbyname through JNA's SystemB. The only class that touches JNA on macOS; it is loaded the first
 * time a sysctl is asked for on a Mac, never on Linux or Windows (MacosNativeSources guards it).
 */
final class JnaSysctl {
    /** ENOENT: no such sysctl (sysctl.proc_translated on Intel, kern.hv_vmm_present before 11.3). */
    private static final int ENOENT = 2;
    /** machdep.cpu.features is the longest value we read (~400 bytes); this keeps a bad answer out. */
    private static final long MAX = 64 * 1024;

    private JnaSysctl() {
    }

    static Reading<String> read(String name) {
        SystemB lib = SystemB.INSTANCE;
        LibCAPI.size_t.ByReference size = new LibCAPI.size_t.ByReference();
        if (lib.sysctlbyname(name, null, size, null, LibCAPI.size_t.ZERO) != 0) {
            return failure(name, Native.getLastError());
        }
        long n = size.longValue();
        if (n <= 0) {
            return Reading.present("");
        }
        if (n > MAX) {
            return Reading.unknown(name + ": " + n + " bytes, more than any value we read");
        }
        // The value may grow between the two calls (rare, kern.* strings); one spare page covers it.
        Memory buffer = new Memory(n + 4096);
        size.setValue(n + 4096);
        if (lib.sysctlbyname(name, buffer, size, null, LibCAPI.size_t.ZERO) != 0) {
            return failure(name, Native.getLastError());
        }
        byte[] raw = buffer.getByteArray(0, (int) size.longValue());
        return Reading.present(SysctlValue.decode(name, raw, ByteOrder.nativeOrder()));
    }

    private static Reading<String> failure(String name, int errno) {
        return errno == ENOENT ? Reading.absent() : Reading.unknown("sysctlbyname(" + name + ") failed, errno " + errno);
    }
}
