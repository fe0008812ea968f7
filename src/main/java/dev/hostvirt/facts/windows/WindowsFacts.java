package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsReads.cmdSource;
import static dev.hostvirt.facts.windows.WindowsReads.regSource;
import static dev.hostvirt.facts.windows.WindowsReads.wmiSource;
import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The typed picture of a Windows host, gathered lazily from the host port. Language-neutral sources
 * (WMI, registry, API values) win; the text of systeminfo, bcdedit, VBoxManage and wsl is read only
 * when they are missing (a snapshot pasted from a forum), and by structure, never by sentence.
 *
 * <p>One rule shapes the CPU facts: while a hypervisor runs, Win32_Processor's VT-x, SLAT and firmware
 * answers read false or empty (the root partition sees a virtualized CPUID; windows-anchors.md 2), so
 * they are believed only when no hypervisor is present, and a running Windows hypervisor itself proves
 * all three. Inside a virtual machine the outer hypervisor is "present" too; there the question is
 * whether it exposes VT-x to us (nested virtualization).
 */
public final class WindowsFacts {
    public static final String NONE = "none";

    private final WindowsReads reads;
    private final FeatureFacts features;
    private final SecurityFacts security;
    private final WslFacts wsl;
    private final ProductFacts products;

    public WindowsFacts(Host host) {
        reads = new WindowsReads(host);
        features = new FeatureFacts(reads);
        security = new SecurityFacts(reads);
        wsl = new WslFacts(reads, features);
        products = new ProductFacts(reads, features, wsl);
    }

    public Host host() {
        return reads.host();
    }

    public FeatureFacts features() {
        return features;
    }

    public SecurityFacts security() {
        return security;
    }

    public WslFacts wsl() {
        return wsl;
    }

    public ProductFacts products() {
        return products;
    }

    // ---- OS and process ------------------------------------------------------------------------

    public Fact<String> osName() {
        return reads.once("os.name", () -> {
            String caption = Values.string(reads.wmiValue(WMI_OS, "Caption"));
            if (caption != null) {
                return Fact.of(caption, wmiSource(WMI_OS, "Caption"));
            }
            String product = Values.string(reads.registryValue(REG_CURRENT_VERSION, "ProductName"));
            if (product != null) {
                return Fact.of(product, regSource(REG_CURRENT_VERSION, "ProductName"));
            }
            String text = reads.commandText(SYSTEMINFO);
            String name = text == null ? null : SysteminfoParser.osName(text);
            return name != null ? Fact.of(name, cmdSource(SYSTEMINFO)) : Fact.unknown(wmiSource(WMI_OS, "Caption"));
        });
    }

    /** The build number (19045); Windows 11 is 22000 and later. */
    public Fact<Integer> build() {
        return reads.once("os.build", () -> {
            Long n = Values.number(reads.wmiValue(WMI_OS, "BuildNumber"));
            if (n != null) {
                return Fact.of(n.intValue(), wmiSource(WMI_OS, "BuildNumber"));
            }
            n = Values.number(reads.registryValue(REG_CURRENT_VERSION, "CurrentBuildNumber"));
            if (n != null) {
                return Fact.of(n.intValue(), regSource(REG_CURRENT_VERSION, "CurrentBuildNumber"));
            }
            String text = reads.commandText(SYSTEMINFO);
            Integer b = text == null ? null : SysteminfoParser.build(text);
            return b != null ? Fact.of(b, cmdSource(SYSTEMINFO)) : Fact.unknown(wmiSource(WMI_OS, "BuildNumber"));
        });
    }

    /** The update build revision (the 264 of 19041.264), from the registry only. */
    public Fact<Integer> ubr() {
        Long n = Values.number(reads.registryValue(REG_CURRENT_VERSION, "UBR"));
        return n == null ? Fact.unknown(regSource(REG_CURRENT_VERSION, "UBR"))
                : Fact.of(n.intValue(), regSource(REG_CURRENT_VERSION, "UBR"));
    }

    public Fact<Edition> edition() {
        return reads.once("os.edition", () -> {
            Long sku = Values.number(reads.wmiValue(WMI_OS, "OperatingSystemSKU"));
            Long type = Values.number(reads.wmiValue(WMI_OS, "ProductType"));
            Edition e = Edition.of(sku, type);
            if (e != Edition.UNKNOWN) {
                return Fact.of(e, wmiSource(WMI_OS, "OperatingSystemSKU"));
            }
            Fact<String> name = osName();
            Edition fromName = Edition.ofCaption(name.value());
            if (fromName != Edition.UNKNOWN) {
                return Fact.of(fromName, name.source());
            }
            return Fact.unknown(wmiSource(WMI_OS, "OperatingSystemSKU"));
        });
    }

    /** amd64, arm64 or x86: Win32_Processor.Architecture (9, 12, 0), else the platform's arch. */
    public Fact<String> arch() {
        Long a = Values.number(reads.wmiValue(WMI_PROCESSOR, "Architecture"));
        if (a != null) {
            String name = switch (a.intValue()) {
                case 9 -> "amd64";
                case 12 -> "arm64";
                case 0 -> "x86";
                case 5 -> "arm";
                default -> null;
            };
            if (name != null) {
                return Fact.of(name, wmiSource(WMI_PROCESSOR, "Architecture"));
            }
        }
        return Fact.of(reads.host().platform().arch(), "platform.arch");
    }

    public Fact<Boolean> elevated() {
        return reads.once("process.elevated", () -> {
            Boolean b = Values.bool(reads.host().value(VALUE_ELEVATED).orElse(null));
            return b == null ? Fact.unknown("value:" + VALUE_ELEVATED) : Fact.of(b, "value:" + VALUE_ELEVATED);
        });
    }

    /** "default" (UAC off or not an administrator), "full" (elevated) or "limited" (administrator, not elevated). */
    public Fact<String> elevationType() {
        String t = Values.string(reads.host().value(VALUE_ELEVATION_TYPE).orElse(null));
        return t == null ? Fact.unknown("value:" + VALUE_ELEVATION_TYPE) : Fact.of(t, "value:" + VALUE_ELEVATION_TYPE);
    }

    // ---- the machine and the hypervisor ----------------------------------------------------------

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

    // ---- CPU -------------------------------------------------------------------------------------

    private Fact<Boolean> processorFlag(String property, String pfValue, java.util.function.Function<HyperVRequirements, Boolean> text) {
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

    // ---- boot configuration ----------------------------------------------------------------------

    public Fact<LaunchType> launchType() {
        return reads.once("bcd.launchtype", () -> {
            String entry = Values.string(reads.registryValue(REG_BCD_BOOTMGR_DEFAULT, "Element"));
            if (entry != null && entry.startsWith("{")) {
                // The boot manager's default entry: the one we booted unless someone picked another
                // at the boot menu. {current} itself is an alias with no registry key (anchors 1.7).
                String key = bcdLaunchTypeKey(entry);
                Reading<Map<String, Object>> element = reads.host().registry(key);
                if (element.isAbsent()) {
                    return Fact.of(LaunchType.ABSENT, regSource(key, null));
                }
                Long n = Values.bcdInteger(element.orElse(Map.of()).get("Element"));
                if (n != null && LaunchType.ofInteger(n) != LaunchType.UNKNOWN) {
                    return Fact.of(LaunchType.ofInteger(n), regSource(key, "Element"));
                }
            }
            BcdCurrent bcd = bcdedit();
            if (bcd.launchType() != LaunchType.UNKNOWN) {
                return Fact.of(bcd.launchType(), cmdSource(BCDEDIT_CURRENT));
            }
            return Fact.unknown(cmdSource(BCDEDIT_CURRENT));
        });
    }

    private BcdCurrent bcdedit() {
        return reads.once("bcdedit", () -> {
            Reading<CommandOutput> r = reads.host().command(BCDEDIT_CURRENT);
            if (!(r instanceof Reading.Present<CommandOutput> p)) {
                return BcdCurrent.UNKNOWN;
            }
            BcdCurrent parsed = BcdEditParser.parse(p.value().stdout() + "\n" + p.value().stderr());
            if (parsed.launchType() == LaunchType.UNKNOWN && !p.value().succeeded()
                    && Boolean.FALSE.equals(elevated().value())) {
                // bcdedit fails unelevated whatever language it speaks; the token says why.
                return BcdCurrent.DENIED;
            }
            return parsed;
        });
    }

    /** True when the launch type is unknown because this process is not elevated. */
    public boolean launchTypeNeedsElevation() {
        return !launchType().known() && (bcdedit().accessDenied() || Boolean.FALSE.equals(elevated().value()));
    }

    /** The servicing stack or Windows Update waits for a reboot (key present), or not; null unknown. */
    public Fact<Boolean> rebootPending() {
        Reading<Map<String, Object>> cbs = reads.host().registry(REG_REBOOT_CBS);
        Reading<Map<String, Object>> wu = reads.host().registry(REG_REBOOT_WU);
        if (cbs.isPresent()) {
            return Fact.of(true, regSource(REG_REBOOT_CBS, null));
        }
        if (wu.isPresent()) {
            return Fact.of(true, regSource(REG_REBOOT_WU, null));
        }
        return cbs.isAbsent() && wu.isAbsent() ? Fact.of(false, regSource(REG_REBOOT_CBS, null))
                : Fact.unknown(regSource(REG_REBOOT_CBS, null));
    }

    // ---- the public sheet -------------------------------------------------------------------------

    private static <T> Fact<Object> shown(Fact<T> f, java.util.function.Function<T, Object> show) {
        return f.known() ? Fact.of(show.apply(f.value()), f.source()) : Fact.unknown(f.source());
    }

    public String buildString() {
        Fact<Integer> b = build();
        if (!b.known()) {
            return null;
        }
        Fact<Integer> u = ubr();
        return u.known() ? b.value() + "." + u.value() : String.valueOf(b.value());
    }

    public FactSheet sheet() {
        FactSheet s = new FactSheet();
        s.put("os.name", osName());
        Fact<Integer> b = build();
        s.put("os.build", b.known() ? Fact.of(buildString(), b.source()) : b);
        s.put("os.edition", shown(edition(), Edition::id));
        s.put("os.arch", arch());
        s.put("process.elevated", elevated());
        s.put("process.elevationType", elevationType());
        s.put("cpu.vendor", cpuVendor());
        s.put("cpu.virtualization", cpuVirtualization());
        s.put("cpu.slat", cpuSlat());
        s.put("cpu.firmwareVirtualization", firmwareVirtualization());
        s.put("machine.virtual", virtualMachine());
        s.put("hypervisor.present", hypervisorPresent());
        s.put("hypervisor.vendor", hypervisorVendor());
        Fact<LaunchType> lt = launchType();
        s.put("windows.hypervisorLaunchType", Fact.of(lt.known() ? lt.value().id() : "unknown", lt.source()));
        s.put("windows.vbs", security.vbs());
        s.put("windows.hvci", security.hvci());
        s.put("windows.credentialGuard", security.credentialGuard());
        for (String f : FEATURES) {
            Fact<FeatureState> fs = features.feature(f);
            s.put("windows.features." + f, Fact.of(fs.known() ? fs.value().id() : "unknown", fs.source()));
        }
        for (String svc : SERVICES) {
            s.put("windows.services." + svc, features.service(svc));
        }
        s.put("windows.rebootPending", rebootPending());
        s.put("wsl.installed", wsl.installed());
        s.put("wsl.defaultVersion", wsl.defaultVersion());
        s.put("wsl.version", shown(wsl.version(), Version::toString));
        Fact<List<WslDistro>> d = wsl.distributions();
        s.put("wsl.distributions", shown(d, list -> {
            List<String> names = new ArrayList<>();
            list.forEach(x -> names.add(x.name() + " (WSL" + x.version() + ")"));
            return names;
        }));
        s.put("virtualbox.version", shown(products.virtualBoxVersion(), Version::toString));
        s.put("vmware.version", shown(products.vmwareVersion(), Version::toString));
        return s;
    }

    public Map<String, String> summary() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("os", reads.host().platform().os());
        Fact<String> name = osName();
        if (name.known()) {
            m.put("name", name.value());
        }
        String b = buildString();
        if (b != null) {
            m.put("build", b);
        }
        m.put("arch", arch().value());
        return m;
    }
}
