package dev.hostvirt.facts.linux;

import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.SourceNote;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.util.List;

/**
 * Reads VT-x/AMD-V and SLAT from /proc/cpuinfo and, only when they are missing, finds out why:
 * since Linux 5.6 (arch/x86/kernel/cpu/feat_ctl.c, and amd.c for SVM) the kernel clears the flag
 * when the firmware disabled it, so a missing flag alone proves nothing.
 */
final class CpuProbe {
    static final List<String> DMESG = List.of("dmesg");

    private final Host host;
    private final CpuInfo cpu;
    private final Environment environment;

    CpuProbe(Host host, CpuInfo cpu, Environment environment) {
        this.host = host;
        this.cpu = cpu;
        this.environment = environment;
    }

    CpuVirtualization probe() {
        String src = Sources.file("/proc/cpuinfo");
        if (cpu == null) {
            return new CpuVirtualization(Fact.unknown(src), Fact.unknown(src), Fact.unknown(src), Fact.unknown(src),
                    Fact.unknown(src), CpuVirtualization.Missing.UNKNOWN);
        }
        Fact<String> vendor = Fact.of(cpu.vendorName(), src);
        Fact<String> model = Fact.of(cpu.model(), src);
        String arch = host.platform().arch();
        boolean x86 = arch.equals("amd64") || arch.equals("386") || arch.equals("x86");
        if (cpu.has("vmx") || cpu.has("svm")) {
            String kind = cpu.has("vmx") ? "vmx" : "svm";
            String slat = cpu.has("ept") || cpu.vmxFlags().contains("ept") ? "ept" : cpu.has("npt") ? "npt" : "none";
            // The kernel hides the flag when firmware disabled it, so a visible flag means enabled.
            return new CpuVirtualization(vendor, model, Fact.of(kind, src), Fact.of(slat, src),
                    Fact.of("enabled", src), CpuVirtualization.Missing.NONE);
        }
        if (!x86) {
            return new CpuVirtualization(vendor, model, Fact.unknown(src), Fact.unknown(src), Fact.unknown(src),
                    CpuVirtualization.Missing.NOT_X86);
        }
        if (Boolean.TRUE.equals(environment.hypervisorPresent().value())) {
            // In a guest, CPUID and MSRs are what the outer hypervisor shows: the host's firmware is invisible.
            return new CpuVirtualization(vendor, model, Fact.of("none", SourceNote.NO_VMX_UNDER_HYPERVISOR.on(src)),
                    Fact.of("none", src), Fact.unknown(src), CpuVirtualization.Missing.NOT_EXPOSED);
        }
        boolean intel = "intel".equals(cpu.vendorName());
        boolean amd = "amd".equals(cpu.vendorName()) || "hygon".equals(cpu.vendorName());
        // The MSRs say it directly (root, msr driver): kvm-ok's test.
        if (intel) {
            Reading<Object> msr = host.value(LinuxValues.MSR_FEATURE_CONTROL);
            if (msr instanceof Reading.Present<Object> p && p.value() instanceof Number n) {
                long v = n.longValue();
                boolean locked = (v & 1) != 0;
                boolean vmxOutsideSmx = (v & 4) != 0;
                if (locked && !vmxOutsideSmx) {
                    return disabled(vendor, model, Sources.value(LinuxValues.MSR_FEATURE_CONTROL));
                }
            }
        } else if (amd) {
            Reading<Object> msr = host.value(LinuxValues.MSR_VM_CR);
            if (msr instanceof Reading.Present<Object> p && p.value() instanceof Number n && (n.longValue() & 0x10) != 0) {
                return disabled(vendor, model, Sources.value(LinuxValues.MSR_VM_CR));
            }
        }
        // The kernel's own log line, when readable.
        Reading<CommandOutput> log = host.command(DMESG);
        if (log instanceof Reading.Present<CommandOutput> p && p.value().succeeded()) {
            String text = p.value().stdout();
            if (text.contains("disabled by BIOS") || text.contains("VMX not enabled (by BIOS)")
                    || text.contains("SVM disabled (by BIOS)")) {
                return disabled(vendor, model, Sources.command(DMESG));
            }
        }
        // Raw CPUID (root, cpuid driver) tells whether the processor has it at all.
        Reading<Object> leaf = host.value(intel ? LinuxValues.CPUID_FEATURES : LinuxValues.CPUID_EXT_FEATURES);
        if (leaf instanceof Reading.Present<Object> p && p.value() instanceof List<?> regs && regs.size() == 4) {
            long ecx = ((Number) regs.get(2)).longValue();
            boolean has = intel ? (ecx & (1 << 5)) != 0 : (ecx & (1 << 2)) != 0;
            String s = Sources.value(intel ? LinuxValues.CPUID_FEATURES : LinuxValues.CPUID_EXT_FEATURES);
            if (!has) {
                return new CpuVirtualization(vendor, model, Fact.of("none", s), Fact.of("none", s),
                        Fact.unknown(s), CpuVirtualization.Missing.CPU_LACKS);
            }
            // The CPU has it and the kernel hid it: the firmware switched it off.
            return disabled(vendor, model, s);
        }
        return new CpuVirtualization(vendor, model, Fact.unknown(src), Fact.unknown(src), Fact.unknown(src),
                CpuVirtualization.Missing.UNKNOWN);
    }

    private static CpuVirtualization disabled(Fact<String> vendor, Fact<String> model, String source) {
        String kind = "intel".equals(vendor.value()) ? "vmx" : "svm";
        return new CpuVirtualization(vendor, model, Fact.of(kind, source), Fact.unknown(source),
                Fact.of("disabled", source), CpuVirtualization.Missing.FIRMWARE_DISABLED);
    }
}
