package dev.hostvirt.host.linux;

import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.host.LocalFiles;
import dev.hostvirt.host.NativeSources;
import dev.hostvirt.host.Reading;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux values with no text form: model-specific registers and CPUID leaves through the msr and
 * cpuid drivers (root only), and the KVM API version through an ioctl on /dev/kvm. Names are listed
 * in docs/sources.md.
 */
public final class LinuxNativeSources implements NativeSources {
    private final LocalFiles files;

    public LinuxNativeSources(LocalFiles files) {
        this.files = files;
    }

    @Override
    public Reading<Object> value(String name) {
        return switch (name) {
            case LinuxValues.MSR_FEATURE_CONTROL -> msr(0x3a);
            case LinuxValues.MSR_VM_CR -> msr(0xc0010114L);
            case LinuxValues.CPUID_HYPERVISOR -> cpuid(0x40000000L);
            case LinuxValues.CPUID_FEATURES -> cpuid(0x1L);
            case LinuxValues.CPUID_EXT_FEATURES -> cpuid(0x80000001L);
            case LinuxValues.KVM_API_VERSION -> KvmIoctl.apiVersion("/dev/kvm");
            case LinuxValues.KVM_VM_PROCESSES -> kvmVmProcesses();
            case LinuxValues.SUDO_USER -> sudoUser();
            case LinuxValues.PID1_CONTAINER -> pid1Container();
            default -> Reading.unknown("no such value: " + name);
        };
    }

    /** PID 1's container= variable (systemd-detect-virt's marker), never the rest of its environment. */
    private Reading<Object> pid1Container() {
        Reading<String> environ = files.file("/proc/1/environ");
        if (!(environ instanceof Reading.Present<String> p)) {
            return environ.isAbsent() ? Reading.absent() : Reading.unknown("cannot read /proc/1/environ");
        }
        for (String kv : p.value().split("\0")) {
            if (kv.startsWith("container=")) {
                return Reading.present(kv.substring("container=".length()));
            }
        }
        return Reading.absent();
    }

    /** Read from the environment by name (the one variable on the snapshot's allow-list for Linux). */
    private static Reading<Object> sudoUser() {
        String v = System.getenv("SUDO_USER");
        return v == null || v.isBlank() ? Reading.absent() : Reading.present(v);
    }

    /** An 8-byte register read with pread at the MSR's index, as rdmsr does. */
    private static Reading<Object> msr(long index) {
        return readAt("/dev/cpu/0/msr", index, 8).map(b -> (Object) b.getLong(0));
    }

    /** The cpuid driver answers a 16-byte read at offset LEAF with EAX, EBX, ECX, EDX. */
    private static Reading<Object> cpuid(long leaf) {
        return readAt("/dev/cpu/0/cpuid", leaf, 16).map(b -> (Object) List.of(
                Integer.toUnsignedLong(b.getInt(0)), Integer.toUnsignedLong(b.getInt(4)),
                Integer.toUnsignedLong(b.getInt(8)), Integer.toUnsignedLong(b.getInt(12))));
    }

    private static Reading<ByteBuffer> readAt(String device, long offset, int size) {
        try (FileChannel ch = FileChannel.open(Path.of(device), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            int n = ch.read(buf, offset);
            if (n != size) {
                return Reading.unknown("short read from " + device);
            }
            return Reading.present(buf);
        } catch (NoSuchFileException e) {
            // The driver is not loaded (modprobe msr / cpuid): we do not load modules to look.
            return Reading.unknown(device + " does not exist (driver not loaded)");
        } catch (AccessDeniedException e) {
            return Reading.unknown("permission denied: " + device + " needs root");
        } catch (IOException | UnsupportedOperationException e) {
            return Reading.unknown(device + ": " + e.getMessage());
        }
    }

    /**
     * Processes holding a KVM VM: each VM is an anon_inode:kvm-vm file descriptor. Other users' fds
     * are visible to root only, so as a normal user this sees the user's own VMs.
     */
    private Reading<Object> kvmVmProcesses() {
        var proc = files.path("/proc");
        if (!(proc instanceof Reading.Present<dev.hostvirt.host.PathInfo> p) || p.value().entries() == null) {
            return Reading.unknown("/proc cannot be listed");
        }
        List<Object> pids = new ArrayList<>();
        for (String entry : p.value().entries()) {
            if (!entry.chars().allMatch(Character::isDigit)) {
                continue;
            }
            java.io.File[] fds = new java.io.File("/proc/" + entry + "/fd").listFiles();
            if (fds == null) {
                continue;
            }
            for (java.io.File fd : fds) {
                try {
                    if (java.nio.file.Files.readSymbolicLink(fd.toPath()).toString().equals("anon_inode:kvm-vm")) {
                        pids.add(Long.parseLong(entry));
                        break;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // The process ended or the fd closed while we looked.
                }
            }
        }
        return Reading.present(pids);
    }
}
