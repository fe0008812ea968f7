package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsReads.regSource;
import static dev.hostvirt.facts.windows.WindowsReads.wmiSource;
import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Virtualization-based security, memory integrity (HVCI) and Credential Guard: what keeps the hypervisor up. */
public final class SecurityFacts {
    private final WindowsReads reads;

    SecurityFacts(WindowsReads reads) {
        this.reads = reads;
    }

    private List<Long> deviceGuardList(String property) {
        return Values.numbers(reads.wmiValue(WMI_DEVICE_GUARD, property));
    }

    /** "running", "enabled" (configured, not running) or "off". */
    public Fact<String> vbs() {
        return reads.once("vbs", () -> {
            Long status = Values.number(reads.wmiValue(WMI_DEVICE_GUARD, "VirtualizationBasedSecurityStatus"));
            String src = wmiSource(WMI_DEVICE_GUARD, "VirtualizationBasedSecurityStatus");
            if (status != null) {
                return switch (status.intValue()) {
                    case 2 -> Fact.of("running", src);
                    case 1 -> Fact.of("enabled", src);
                    case 0 -> Fact.of("off", src);
                    default -> Fact.<String>unknown(src);
                };
            }
            Long reg = Values.number(reads.registryValue(REG_DEVICE_GUARD, "EnableVirtualizationBasedSecurity"));
            if (reg != null && reg == 1) {
                return Fact.of("enabled", regSource(REG_DEVICE_GUARD, "EnableVirtualizationBasedSecurity"));
            }
            return Fact.unknown(src);
        });
    }

    /** A VBS service (1 Credential Guard, 2 memory integrity) as "running", "enabled" or "off". */
    private Fact<String> securityService(long id, String regKey, String regName, long... regEnabledValues) {
        List<Long> running = deviceGuardList("SecurityServicesRunning");
        List<Long> configured = deviceGuardList("SecurityServicesConfigured");
        if (running != null && running.contains(id)) {
            return Fact.of("running", wmiSource(WMI_DEVICE_GUARD, "SecurityServicesRunning"));
        }
        if (configured != null && configured.contains(id)) {
            return Fact.of("enabled", wmiSource(WMI_DEVICE_GUARD, "SecurityServicesConfigured"));
        }
        if (running != null && configured != null) {
            return Fact.of("off", wmiSource(WMI_DEVICE_GUARD, "SecurityServicesRunning"));
        }
        Long reg = Values.number(reads.registryValue(regKey, regName));
        if (reg != null) {
            for (long v : regEnabledValues) {
                if (reg == v) {
                    return Fact.of("enabled", regSource(regKey, regName));
                }
            }
            if (reg == 0) {
                return Fact.of("off", regSource(regKey, regName));
            }
        }
        return Fact.unknown(wmiSource(WMI_DEVICE_GUARD, "SecurityServicesRunning"));
    }

    public Fact<String> hvci() {
        return reads.once("hvci", () -> securityService(2, REG_HVCI, "Enabled", 1));
    }

    public Fact<String> credentialGuard() {
        // LsaCfgFlags: 1 on with UEFI lock, 2 on without lock.
        return reads.once("cg", () -> securityService(1, REG_LSA, "LsaCfgFlags", 1, 2));
    }

    /**
     * What keeps the hypervisor running whatever hypervisorlaunchtype says (anchors 1.10): the VBS
     * features that are running or set to start. Empty when none; null when we cannot tell.
     */
    public List<String> hypervisorPinnedBy() {
        List<String> by = new ArrayList<>();
        boolean unknown = false;
        for (Map.Entry<String, Fact<String>> e : Map.of("memory-integrity", hvci(), "credential-guard",
                credentialGuard(), "vbs", vbs()).entrySet()) {
            String v = e.getValue().value();
            // WMI "enabled" means configured but not running (often: requirements not met), so
            // only running counts; the registry cannot tell running apart, so enabled counts there.
            boolean fromRegistry = e.getValue().source().startsWith("registry:");
            if ("running".equals(v) || ("enabled".equals(v) && fromRegistry)) {
                by.add(e.getKey());
            } else if (v == null) {
                unknown = true;
            }
        }
        if (by.size() > 1) {
            by.remove("vbs");
        }
        by.sort(null);
        return by.isEmpty() && unknown ? null : by;
    }
}
