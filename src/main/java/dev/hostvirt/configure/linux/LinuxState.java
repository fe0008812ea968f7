package dev.hostvirt.configure.linux;

import dev.hostvirt.configure.Version;
import java.util.List;
import java.util.Optional;

/**
 * The before-state the Linux configurator plans from. Kept small and behind an interface so that the
 * Linux detector's facts can back it later; {@link HostLinuxState} reads it through the host port.
 */
public interface LinuxState {
    Optional<Version> kernel();

    /** Loaded modules (names as /proc/modules lists them); empty list when unknown. */
    List<String> loadedModules();

    /** Whether something holds kvm_intel/kvm_amd (a running KVM VM); true when unsure is safer: unknown. */
    Optional<Boolean> kvmInUse();

    Optional<Version> virtualbox();

    /** Effective uid 0. */
    boolean root();

    /** "intel", "amd" or empty when the CPU vendor could not be read. */
    Optional<String> cpuVendor();

    Optional<PackageManager> packageManager();

    /** Whole text of a configuration file under /etc (subuid, group, ...), empty when absent. */
    Optional<String> etcFile(String path);

    /** A /proc/sys value, e.g. "user/max_user_namespaces"; empty when it does not exist. */
    Optional<String> procSys(String name);

    boolean programExists(String name);

    /** KVM compiled into the kernel (modules.builtin lists kvm.ko): it can be neither unloaded nor blacklisted. */
    boolean kvmBuiltIn();

    /** The unified hierarchy is mounted: /sys/fs/cgroup/cgroup.controllers exists (runc docs, anchors 6.1). */
    boolean cgroupV2();

    default boolean moduleLoaded(String name) {
        return loadedModules().contains(name);
    }
}
