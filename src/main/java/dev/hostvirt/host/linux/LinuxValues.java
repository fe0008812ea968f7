package dev.hostvirt.host.linux;

/**
 * Names of the Linux values read through an API with no text form, as they appear in a snapshot's
 * {@code values} section (documented in docs/sources.md).
 */
public final class LinuxValues {
    /** IA32_FEATURE_CONTROL: bit 0 lock, bit 2 VMX outside SMX (/dev/cpu/0/msr, root). */
    public static final String MSR_FEATURE_CONTROL = "linux.msr.0x3a";
    /** AMD VM_CR: bit 4 SVMDIS. */
    public static final String MSR_VM_CR = "linux.msr.0xc0010114";
    /** CPUID leaf 0x40000000: the hypervisor's signature (/dev/cpu/0/cpuid, root). */
    public static final String CPUID_HYPERVISOR = "linux.cpuid.0x40000000";
    /** CPUID leaf 1: ECX bit 5 is VMX. */
    public static final String CPUID_FEATURES = "linux.cpuid.0x1";
    /** CPUID leaf 0x80000001: ECX bit 2 is SVM. */
    public static final String CPUID_EXT_FEATURES = "linux.cpuid.0x80000001";
    /** KVM_GET_API_VERSION on /dev/kvm. */
    public static final String KVM_API_VERSION = "linux.kvm.apiVersion";
    /** PIDs holding an anon_inode:kvm-vm descriptor. */
    public static final String KVM_VM_PROCESSES = "linux.kvm.vmProcesses";
    /** The user behind sudo: the one whose groups and subordinate ids matter. */
    public static final String SUDO_USER = "env.SUDO_USER";
    /** The container= variable of PID 1 alone (its whole environment may hold secrets). */
    public static final String PID1_CONTAINER = "linux.pid1.container";

    private LinuxValues() {
    }
}
