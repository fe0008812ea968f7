package dev.hostvirt.facts.linux;

import dev.hostvirt.facts.Fact;

/**
 * What the CPU offers for hardware virtualization, and why not when it does not.
 *
 * @param virtualization vmx, svm, none (we can tell the CPU lacks it) or unknown
 * @param slat           ept, npt, none or unknown
 * @param firmware       enabled, disabled or unknown
 * @param missingReason  when no vmx/svm is visible: {@link Missing}
 */
public record CpuVirtualization(Fact<String> vendor, Fact<String> model, Fact<String> virtualization,
        Fact<String> slat, Fact<String> firmware, Missing missingReason) {

    /** Why vmx/svm is not visible; the three must never be confused (kvm-ok does). */
    public enum Missing {
        /** vmx/svm is visible: nothing is missing. */
        NONE,
        /** We run in a VM whose hypervisor does not pass VT-x/AMD-V through (no nesting). */
        NOT_EXPOSED,
        /** The firmware turned it off (MSR or the kernel's own log line says so). */
        FIRMWARE_DISABLED,
        /** Raw CPUID, read as root on bare metal, says the processor has none. */
        CPU_LACKS,
        /** Not an x86 processor: virtualization support is not shown as a CPU flag. */
        NOT_X86,
        /** We cannot tell which (not root, no kernel log line). */
        UNKNOWN
    }
}
