package dev.hostvirt.rules.linux;

import dev.hostvirt.facts.linux.CpuVirtualization;
import dev.hostvirt.facts.linux.Environment;
import dev.hostvirt.facts.linux.Identity;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.rules.Check;
import dev.hostvirt.rules.Finding;

/** Hardware virtualization: the check every hypervisor target starts with. */
final class CpuRules {
    private CpuRules() {
    }

    static Finding hardwareVirtualization(LinuxFacts facts) {
        CpuVirtualization cpu = facts.cpu();
        Check c = Check.of("linux", "cpu.virtualization", cpu.virtualization().source());
        String name = "svm".equals(cpu.virtualization().value()) || "amd".equals(cpu.vendor().value())
                ? "AMD-V (svm)" : "Intel VT-x (vmx)";
        return switch (cpu.missingReason()) {
            case NONE -> c.pass("ok", name, cpu.slat().orElse("none"));
            case NOT_EXPOSED -> {
                Environment env = facts.environment();
                String vendor = env.hypervisorVendor().value();
                yield vendor == null || vendor.equals("other")
                        ? c.fail("notExposedUnknown", c.fix("nested"))
                        : c.fail("notExposed", c.fix("nested"), Names.hypervisor(vendor));
            }
            case FIRMWARE_DISABLED -> c.fail("firmwareDisabled", c.fix("firmware"), name);
            case CPU_LACKS -> c.fail("cpuLacks", c.fix("cpuLacks"), String.valueOf(cpu.model().value()));
            case NOT_X86 -> c.skip("notX86", facts.host().platform().arch()).optional();
            case UNKNOWN -> {
                if (!facts.host().file("/proc/cpuinfo").isPresent()) {
                    // Nothing says the flag is missing: the CPU was simply not recorded.
                    yield c.skip("notCaptured");
                }
                Identity id = facts.identity();
                boolean root = id != null && id.root();
                yield c.skip(root ? "unknownRoot" : "unknownNotRoot").withFix(c.fix(root ? "modules" : "sudo"));
            }
        };
    }

    /** SLAT (EPT/NPT) only matters once VT-x/AMD-V is there: without it guests use shadow paging. */
    static Finding slat(LinuxFacts facts) {
        CpuVirtualization cpu = facts.cpu();
        Check c = Check.of("linux", "cpu.slat", cpu.slat().source());
        if (cpu.missingReason() != CpuVirtualization.Missing.NONE) {
            return c.skip("noVirtualization").optional();
        }
        if ("none".equals(cpu.slat().value())) {
            return c.warn("missing", c.fix("missing"));
        }
        return c.pass("ok", cpu.slat().value().toUpperCase());
    }
}
