package dev.hostvirt.facts.linux;

/** Names of the Linux values with no text form (documented in docs/sources.md). */
public final class LinuxValues {
    public static final String MSR_FEATURE_CONTROL = CpuProbe.MSR_FEATURE_CONTROL;
    public static final String MSR_VM_CR = CpuProbe.MSR_VM_CR;
    public static final String CPUID_HYPERVISOR = EnvironmentProbe.HYPERVISOR_CPUID;
    public static final String CPUID_FEATURES = CpuProbe.CPUID_1;
    public static final String CPUID_EXT_FEATURES = CpuProbe.CPUID_EXT;
    public static final String KVM_API_VERSION = KvmProbe.API_VERSION;
    public static final String KVM_VM_PROCESSES = OtherHypervisorsProbe.KVM_VM_PROCESSES;
    /** The user behind sudo: the one whose groups and subordinate ids matter. */
    public static final String SUDO_USER = "env.SUDO_USER";

    /** The container= variable of PID 1 alone (its whole environment may hold secrets). */
    public static final String PID1_CONTAINER = "linux.pid1.container";

    private LinuxValues() {
    }
}
