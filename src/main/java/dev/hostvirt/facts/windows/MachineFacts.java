package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsReads.cmdSource;
import static dev.hostvirt.facts.windows.WindowsReads.wmiSource;
import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.Fact;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The machine, the hypervisor and the CPU. One rule shapes these facts: while a hypervisor runs,
 * Win32_Processor's VT-x, SLAT and firmware answers read false or empty (the root partition sees a
 * virtualized CPUID; windows-anchors.md 2), so they are believed only when no hypervisor is present,
 * and a running Windows hypervisor on hardware itself proves all three. Inside a virtual machine the
 * outer hypervisor is "present" too; there the question is whether it exposes VT-x to us (nested).
 */
public final class MachineFacts {
    public static final String NONE = "none";

    private final WindowsReads reads;
    private final SecurityFacts security;

    MachineFacts(WindowsReads reads, SecurityFacts security) {
        this.reads = reads;
        this.security = security;
    }

    /** The outer hypervisor when Windows runs in a virtual machine, {@link #NONE} on hardware. */
    public Fact<String> virtualMachine() {
        return reads.once("machine.virtual", () -> {
            Map<String, Object> cs = reads.wmiFirst(WMI_COMPUTER).orElse(null);
            if (cs != null && (cs.containsKey("Manufacturer") || cs.containsKey("Model"))) {
                String v = VirtualMachines.vendorOf(Values.string(cs.get("Manufacturer")), Values.string(cs.get("Model")));
                return Fact.of(v == null ? NONE : v, wmiSource(WMI_COMPUTER, "Manufacturer"));
            }
            String text = reads.commandText(SYSTEMINFO);
            if (text != null) {
                String v = SysteminfoParser.virtualMachineVendor(text);
                if (v != null) {
                    return Fact.of(v, cmdSource(SYSTEMINFO));
                }
                // A full systeminfo (it has the OS version line) names the system model; none matched.
                if (SysteminfoParser.build(text) != null) {
                    return Fact.of(NONE, cmdSource(SYSTEMINFO));
                }
            }
            return Fact.unknown(wmiSource(WMI_COMPUTER, "Manufacturer"));
        });
    }

    public boolean insideVirtualMachine() {
        Fact<String> vm = virtualMachine();
        return vm.known() && !NONE.equals(vm.value());
    }

    public Fact<Boolean> hypervisorPresent() {
        return reads.once("hypervisor.present", () -> {
            Boolean b = Values.bool(reads.wmiValue(WMI_COMPUTER, "HypervisorPresent"));
            if (b != null) {
                return Fact.of(b, wmiSource(WMI_COMPUTER, "HypervisorPresent"));
            }
            HyperVRequirements r = reads.systeminfoHyperV();
            if (r.hypervisorDetected() != null) {
                return Fact.of(r.hypervisorDetected(), cmdSource(SYSTEMINFO));
            }
            return Fact.unknown(wmiSource(WMI_COMPUTER, "HypervisorPresent"));
        });
    }

    /**
     * Whether the Windows hypervisor runs under this Windows now. On hardware that is
     * HypervisorPresent; in a virtual machine the outer hypervisor is present anyway, so only a
     * running VBS service proves it.
     */
    public Fact<Boolean> windowsHypervisorRunning() {
        return reads.once("hypervisor.windows", () -> {
            Fact<Boolean> present = hypervisorPresent();
            if (!present.known()) {
                return present;
            }
            if (!present.value()) {
                return Fact.of(false, present.source());
            }
            Fact<String> vm = virtualMachine();
            if (vm.known() && NONE.equals(vm.value())) {
                return present;
            }
            if ("running".equals(security.vbs().value())) {
                return Fact.of(true, security.vbs().source());
            }
            if (Boolean.TRUE.equals(Values.bool(reads.wmiValue(WMI_PROCESSOR, "VMMonitorModeExtensions")))) {
                // A running Windows hypervisor hides VT-x from this partition; seeing it means none runs.
                return Fact.of(false, wmiSource(WMI_PROCESSOR, "VMMonitorModeExtensions"));
            }
            return Fact.unknown(present.source());
        });
    }

    /** "microsoft" for the Windows hypervisor on hardware, the outer one in a VM, "none". */
    public Fact<String> hypervisorVendor() {
        Fact<Boolean> present = hypervisorPresent();
        if (!present.known()) {
            return Fact.unknown(present.source());
        }
        if (!present.value()) {
            return Fact.of(NONE, present.source());
        }
        Fact<String> vm = virtualMachine();
        if (!vm.known()) {
            return Fact.unknown(vm.source());
        }
        return NONE.equals(vm.value()) ? Fact.of("microsoft", present.source()) : vm;
    }

    private Fact<Boolean> processorFlag(String property, String pfValue, Function<HyperVRequirements, Boolean> text) {
        Fact<Boolean> present = hypervisorPresent();
        boolean guest = insideVirtualMachine();
        Boolean pf = pfValue == null ? null : Values.bool(reads.host().value(pfValue).orElse(null));
        if (Boolean.TRUE.equals(pf)) {
            return Fact.of(true, "value:" + pfValue);
        }
        if (!guest && Boolean.TRUE.equals(present.value()) && virtualMachine().known()) {
            // A hypervisor runs on this hardware: the CPU has the feature and firmware enables it.
            return Fact.of(true, present.source());
        }
        Boolean wmi = Values.bool(reads.wmiValue(WMI_PROCESSOR, property));
        if (Boolean.TRUE.equals(wmi)) {
            return Fact.of(true, wmiSource(WMI_PROCESSOR, property));
        }
        if (Boolean.FALSE.equals(present.value())) {
            if (wmi != null) {
                return Fact.of(false, wmiSource(WMI_PROCESSOR, property));
            }
            if (Boolean.FALSE.equals(pf)) {
                return Fact.of(false, "value:" + pfValue);
            }
            Boolean t = text.apply(reads.systeminfoHyperV());
            if (t != null) {
                return Fact.of(t, cmdSource(SYSTEMINFO));
            }
        }
        if (guest && Boolean.TRUE.equals(windowsHypervisorRunning().value())) {
            // VBS runs its own Windows hypervisor inside this guest: VT-x was exposed to it.
            return Fact.of(true, windowsHypervisorRunning().source());
        }
        if (guest && Boolean.FALSE.equals(wmi) && !Boolean.TRUE.equals(windowsHypervisorRunning().value())
                && !Boolean.TRUE.equals(pf)) {
            // In a guest with no Windows hypervisor of its own, CPUID is what the outer hypervisor
            // exposes: no VT-x there means no nested virtualization.
            return Fact.of(false, wmiSource(WMI_PROCESSOR, property));
        }
        Boolean fromText = text.apply(reads.systeminfoHyperV());
        if (!guest && fromText != null && !Boolean.TRUE.equals(present.value())) {
            return Fact.of(fromText, cmdSource(SYSTEMINFO));
        }
        return Fact.unknown(wmiSource(WMI_PROCESSOR, property));
    }

    /** VT-x / AMD-V usable by this Windows (in a VM: exposed by the outer hypervisor). */
    public Fact<Boolean> cpuVirtualization() {
        return reads.once("cpu.virtualization", () -> processorFlag("VMMonitorModeExtensions", null,
                HyperVRequirements::vmMonitorModeExtensions));
    }

    public Fact<Boolean> cpuSlat() {
        return reads.once("cpu.slat", () -> processorFlag("SecondLevelAddressTranslationExtensions", VALUE_PF_SLAT,
                HyperVRequirements::slat));
    }

    public Fact<Boolean> firmwareVirtualization() {
        return reads.once("cpu.firmware", () -> processorFlag("VirtualizationFirmwareEnabled", VALUE_PF_FIRMWARE,
                HyperVRequirements::firmwareVirtualization));
    }

    public Fact<String> cpuVendor() {
        String m = Values.string(reads.wmiValue(WMI_PROCESSOR, "Manufacturer"));
        if (m != null) {
            String v = switch (m) {
                case "GenuineIntel" -> "intel";
                case "AuthenticAMD" -> "amd";
                default -> m.toLowerCase(Locale.ROOT);
            };
            return Fact.of(v, wmiSource(WMI_PROCESSOR, "Manufacturer"));
        }
        String text = reads.commandText(SYSTEMINFO);
        String v = text == null ? null : SysteminfoParser.cpuVendor(text);
        return v == null ? Fact.unknown(wmiSource(WMI_PROCESSOR, "Manufacturer")) : Fact.of(v, cmdSource(SYSTEMINFO));
    }
}
