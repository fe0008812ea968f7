package dev.hostvirt.configure.linux;

import dev.hostvirt.facts.Version;
import java.util.Optional;

/**
 * The before-state the Linux configurator plans from: an interface so planners can be tested on their
 * own; {@link FactsLinuxState} answers it from the Linux detector's facts.
 */
public interface LinuxState {
    Optional<Version> kernel();

    /** The module is in the kernel now (/sys/module/NAME, as the detector reads it). */
    boolean moduleLoaded(String name);

    /** Whether a KVM VM runs; empty when it cannot be told. */
    Optional<Boolean> kvmInUse();

    Optional<Version> virtualbox();

    /** Effective uid 0. */
    boolean root();

    /**
     * Whether the processor shows VT-x/AMD-V (vmx or svm among its flags): false when it does not
     * (firmware, a VM without nesting, a processor without it), which makes kvm_intel/kvm_amd refuse to
     * load; empty where no such flag exists (not x86).
     */
    Optional<Boolean> hardwareVirtualization();

    /** kvm's enable_virt_at_load as the loaded module has it ("Y"/"N"); empty when not loaded or older than 6.12. */
    Optional<String> kvmVirtAtLoad();

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

    /** kvm.enable_virt_at_load= on the running kernel's command line, as the detector reads /proc/cmdline. */
    Optional<String> cmdlineVirtAtLoad();

    /** The unified hierarchy is mounted (cgroup v2 only, not hybrid). */
    boolean cgroupV2();
}
