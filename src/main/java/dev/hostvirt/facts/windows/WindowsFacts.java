package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

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

    private final Host host;
    private final Map<String, Object> memo = new HashMap<>();

    public WindowsFacts(Host host) {
        this.host = host;
    }

    public Host host() {
        return host;
    }

    @SuppressWarnings("unchecked")
    private <T> T once(String key, Supplier<T> compute) {
        if (memo.containsKey(key)) {
            return (T) memo.get(key);
        }
        T value = compute.get();
        memo.put(key, value);
        return value;
    }

    // ---- raw sources -------------------------------------------------------------------------

    private Reading<Map<String, Object>> wmiFirst(String cls) {
        return once("wmi:" + cls, () -> {
            Reading<List<Map<String, Object>>> r = host.wmi(cls);
            if (r instanceof Reading.Present<List<Map<String, Object>>> p) {
                return p.value().isEmpty() ? Reading.<Map<String, Object>>absent() : Reading.present(p.value().get(0));
            }
            return r.isAbsent() ? Reading.absent() : Reading.unknown("not read");
        });
    }

    private Object wmiValue(String cls, String property) {
        return wmiFirst(cls).orElse(Map.of()).get(property);
    }

    private Object registryValue(String key, String name) {
        return host.registry(key).orElse(Map.of()).get(name);
    }

    private String commandText(List<String> argv) {
        return once("cmd:" + argv, () -> {
            Reading<CommandOutput> r = host.command(argv);
            if (r instanceof Reading.Present<CommandOutput> p) {
                return p.value().stdout() + (p.value().stderr().isEmpty() ? "" : "\n" + p.value().stderr());
            }
            return null;
        });
    }

    private static String wmiSource(String cls, String property) {
        return "wmi:" + cls + "." + property;
    }

    private static String regSource(String key, String name) {
        return "registry:" + key + (name == null ? "" : "\\" + name);
    }

    private static String cmdSource(List<String> argv) {
        return "command:" + String.join(" ", argv);
    }

    private HyperVRequirements systeminfoHyperV() {
        return once("systeminfo.hyperv", () -> {
            String text = commandText(SYSTEMINFO);
            return text == null ? HyperVRequirements.UNKNOWN : SysteminfoParser.hyperV(text);
        });
    }

    // ---- OS and process ------------------------------------------------------------------------

    public Fact<String> osName() {
        return once("os.name", () -> {
            String caption = Values.string(wmiValue(WMI_OS, "Caption"));
            if (caption != null) {
                return Fact.of(caption, wmiSource(WMI_OS, "Caption"));
            }
            String product = Values.string(registryValue(REG_CURRENT_VERSION, "ProductName"));
            if (product != null) {
                return Fact.of(product, regSource(REG_CURRENT_VERSION, "ProductName"));
            }
            String text = commandText(SYSTEMINFO);
            String name = text == null ? null : SysteminfoParser.osName(text);
            return name != null ? Fact.of(name, cmdSource(SYSTEMINFO)) : Fact.unknown(wmiSource(WMI_OS, "Caption"));
        });
    }

    /** The build number (19045); Windows 11 is 22000 and later. */
    public Fact<Integer> build() {
        return once("os.build", () -> {
            Long n = Values.number(wmiValue(WMI_OS, "BuildNumber"));
            if (n != null) {
                return Fact.of(n.intValue(), wmiSource(WMI_OS, "BuildNumber"));
            }
            n = Values.number(registryValue(REG_CURRENT_VERSION, "CurrentBuildNumber"));
            if (n != null) {
                return Fact.of(n.intValue(), regSource(REG_CURRENT_VERSION, "CurrentBuildNumber"));
            }
            String text = commandText(SYSTEMINFO);
            Integer b = text == null ? null : SysteminfoParser.build(text);
            return b != null ? Fact.of(b, cmdSource(SYSTEMINFO)) : Fact.unknown(wmiSource(WMI_OS, "BuildNumber"));
        });
    }

    /** The update build revision (the 264 of 19041.264), from the registry only. */
    public Fact<Integer> ubr() {
        Long n = Values.number(registryValue(REG_CURRENT_VERSION, "UBR"));
        return n == null ? Fact.unknown(regSource(REG_CURRENT_VERSION, "UBR"))
                : Fact.of(n.intValue(), regSource(REG_CURRENT_VERSION, "UBR"));
    }

    public Fact<Edition> edition() {
        return once("os.edition", () -> {
            Long sku = Values.number(wmiValue(WMI_OS, "OperatingSystemSKU"));
            Long type = Values.number(wmiValue(WMI_OS, "ProductType"));
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
        Long a = Values.number(wmiValue(WMI_PROCESSOR, "Architecture"));
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
        return Fact.of(host.platform().arch(), "platform.arch");
    }

    public Fact<Boolean> elevated() {
        return once("process.elevated", () -> {
            Boolean b = Values.bool(host.value(VALUE_ELEVATED).orElse(null));
            return b == null ? Fact.unknown("value:" + VALUE_ELEVATED) : Fact.of(b, "value:" + VALUE_ELEVATED);
        });
    }

    /** "default" (UAC off or not an administrator), "full" (elevated) or "limited" (administrator, not elevated). */
    public Fact<String> elevationType() {
        String t = Values.string(host.value(VALUE_ELEVATION_TYPE).orElse(null));
        return t == null ? Fact.unknown("value:" + VALUE_ELEVATION_TYPE) : Fact.of(t, "value:" + VALUE_ELEVATION_TYPE);
    }

    // ---- the machine and the hypervisor ----------------------------------------------------------

    /** The outer hypervisor when Windows runs in a virtual machine, {@link #NONE} on hardware. */
    public Fact<String> virtualMachine() {
        return once("machine.virtual", () -> {
            Map<String, Object> cs = wmiFirst(WMI_COMPUTER).orElse(null);
            if (cs != null && (cs.containsKey("Manufacturer") || cs.containsKey("Model"))) {
                String v = VirtualMachines.vendorOf(Values.string(cs.get("Manufacturer")), Values.string(cs.get("Model")));
                return Fact.of(v == null ? NONE : v, wmiSource(WMI_COMPUTER, "Manufacturer"));
            }
            String text = commandText(SYSTEMINFO);
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
        return once("hypervisor.present", () -> {
            Boolean b = Values.bool(wmiValue(WMI_COMPUTER, "HypervisorPresent"));
            if (b != null) {
                return Fact.of(b, wmiSource(WMI_COMPUTER, "HypervisorPresent"));
            }
            HyperVRequirements r = systeminfoHyperV();
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
        return once("hypervisor.windows", () -> {
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
            if ("running".equals(vbs().value())) {
                return Fact.of(true, vbs().source());
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
        Boolean pf = pfValue == null ? null : Values.bool(host.value(pfValue).orElse(null));
        if (Boolean.TRUE.equals(pf)) {
            return Fact.of(true, "value:" + pfValue);
        }
        if (!guest && Boolean.TRUE.equals(present.value()) && virtualMachine().known()) {
            // A hypervisor runs on this hardware: the CPU has the feature and firmware enables it.
            return Fact.of(true, present.source());
        }
        Boolean wmi = Values.bool(wmiValue(WMI_PROCESSOR, property));
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
            Boolean t = text.apply(systeminfoHyperV());
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
        Boolean fromText = text.apply(systeminfoHyperV());
        if (!guest && fromText != null && !Boolean.TRUE.equals(present.value())) {
            return Fact.of(fromText, cmdSource(SYSTEMINFO));
        }
        return Fact.unknown(wmiSource(WMI_PROCESSOR, property));
    }

    /** VT-x / AMD-V usable by this Windows (in a VM: exposed by the outer hypervisor). */
    public Fact<Boolean> cpuVirtualization() {
        return once("cpu.virtualization", () -> processorFlag("VMMonitorModeExtensions", null,
                HyperVRequirements::vmMonitorModeExtensions));
    }

    public Fact<Boolean> cpuSlat() {
        return once("cpu.slat", () -> processorFlag("SecondLevelAddressTranslationExtensions", VALUE_PF_SLAT,
                HyperVRequirements::slat));
    }

    public Fact<Boolean> firmwareVirtualization() {
        return once("cpu.firmware", () -> processorFlag("VirtualizationFirmwareEnabled", VALUE_PF_FIRMWARE,
                HyperVRequirements::firmwareVirtualization));
    }

    public Fact<String> cpuVendor() {
        String m = Values.string(wmiValue(WMI_PROCESSOR, "Manufacturer"));
        if (m != null) {
            String v = switch (m) {
                case "GenuineIntel" -> "intel";
                case "AuthenticAMD" -> "amd";
                default -> m.toLowerCase(Locale.ROOT);
            };
            return Fact.of(v, wmiSource(WMI_PROCESSOR, "Manufacturer"));
        }
        String text = commandText(SYSTEMINFO);
        String v = text == null ? null : SysteminfoParser.cpuVendor(text);
        return v == null ? Fact.unknown(wmiSource(WMI_PROCESSOR, "Manufacturer")) : Fact.of(v, cmdSource(SYSTEMINFO));
    }

    // ---- boot configuration ----------------------------------------------------------------------

    public Fact<LaunchType> launchType() {
        return once("bcd.launchtype", () -> {
            String entry = Values.string(registryValue(REG_BCD_BOOTMGR_DEFAULT, "Element"));
            if (entry != null && entry.startsWith("{")) {
                // The boot manager's default entry: the one we booted unless someone picked another
                // at the boot menu. {current} itself is an alias with no registry key (anchors 1.7).
                String key = bcdLaunchTypeKey(entry);
                Reading<Map<String, Object>> element = host.registry(key);
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
        return once("bcdedit", () -> {
            Reading<CommandOutput> r = host.command(BCDEDIT_CURRENT);
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

    // ---- VBS, memory integrity, Credential Guard -------------------------------------------------

    private List<Long> deviceGuardList(String property) {
        return Values.numbers(wmiValue(WMI_DEVICE_GUARD, property));
    }

    /** "running", "enabled" (configured, not running) or "off". */
    public Fact<String> vbs() {
        return once("vbs", () -> {
            Long status = Values.number(wmiValue(WMI_DEVICE_GUARD, "VirtualizationBasedSecurityStatus"));
            String src = wmiSource(WMI_DEVICE_GUARD, "VirtualizationBasedSecurityStatus");
            if (status != null) {
                return switch (status.intValue()) {
                    case 2 -> Fact.of("running", src);
                    case 1 -> Fact.of("enabled", src);
                    case 0 -> Fact.of("off", src);
                    default -> Fact.<String>unknown(src);
                };
            }
            Long reg = Values.number(registryValue(REG_DEVICE_GUARD, "EnableVirtualizationBasedSecurity"));
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
        Long reg = Values.number(registryValue(regKey, regName));
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
        return once("hvci", () -> securityService(2, REG_HVCI, "Enabled", 1));
    }

    public Fact<String> credentialGuard() {
        // LsaCfgFlags: 1 on with UEFI lock, 2 on without lock.
        return once("cg", () -> securityService(1, REG_LSA, "LsaCfgFlags", 1, 2));
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

    // ---- optional features and services ----------------------------------------------------------

    public Fact<FeatureState> feature(String name) {
        return once("feature:" + name, () -> {
            String src = wmiSource(WMI_FEATURES, name);
            Reading<List<Map<String, Object>>> r = host.wmi(WMI_FEATURES);
            if (!(r instanceof Reading.Present<List<Map<String, Object>>> p)) {
                return Fact.<FeatureState>unknown(src);
            }
            for (Map<String, Object> f : p.value()) {
                if (name.equalsIgnoreCase(Values.string(f.get("Name")))) {
                    Long state = Values.number(f.get("InstallState"));
                    return state == null ? Fact.<FeatureState>unknown(src) : Fact.of(FeatureState.ofInstallState(state), src);
                }
            }
            // The class lists every feature this edition has; a missing name is not available here.
            return Fact.of(FeatureState.ABSENT, src);
        });
    }

    /** "running", "stopped" (or another SCM state), "absent" when not installed. */
    public Fact<String> service(String name) {
        String src = "value:" + VALUE_SERVICE_PREFIX + name;
        Reading<Object> r = host.value(VALUE_SERVICE_PREFIX + name);
        if (r.isAbsent()) {
            return Fact.of("absent", src);
        }
        String s = Values.string(r.orElse(null));
        return s == null ? Fact.unknown(src) : Fact.of(s.toLowerCase(Locale.ROOT), src);
    }

    public boolean serviceInstalled(String name) {
        Fact<String> s = service(name);
        return s.known() && !"absent".equals(s.value());
    }

    // ---- WSL ------------------------------------------------------------------------------------

    private WslStatus wslStatus() {
        return once("wsl.status", () -> {
            Reading<CommandOutput> r = host.command(WSL_STATUS);
            if (r.isAbsent()) {
                return new WslStatus(null, Boolean.FALSE);
            }
            String text = commandText(WSL_STATUS);
            return text == null ? WslStatus.UNKNOWN : WslStatusParser.parse(text);
        });
    }

    /** The distributions: the Lxss registry (Flags bit 0x8 = WSL2) through a native value, else {@code wsl -l -v}. */
    public Fact<List<WslDistro>> wslDistributions() {
        return once("wsl.distros", () -> {
            Reading<Object> v = host.value(VALUE_WSL_DISTRIBUTIONS);
            if (v.orElse(null) instanceof List<?> list) {
                List<WslDistro> out = new ArrayList<>();
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m) {
                        String name = Values.string(m.get("name"));
                        Long version = Values.number(m.get("version"));
                        if (name != null) {
                            out.add(new WslDistro(name, Values.string(m.get("state")),
                                    version == null ? 0 : version.intValue(), Boolean.TRUE.equals(Values.bool(m.get("default")))));
                        }
                    }
                }
                return Fact.of(List.copyOf(out), "value:" + VALUE_WSL_DISTRIBUTIONS);
            }
            String text = commandText(WSL_LIST);
            List<WslDistro> parsed = text == null ? null : WslListParser.parse(text);
            return parsed == null ? Fact.<List<WslDistro>>unknown(cmdSource(WSL_LIST)) : Fact.of(parsed, cmdSource(WSL_LIST));
        });
    }

    public Fact<Boolean> wslInstalled() {
        return once("wsl.installed", () -> {
            Fact<FeatureState> wslFeature = feature("Microsoft-Windows-Subsystem-Linux");
            if (wslFeature.value() == FeatureState.ENABLED) {
                return Fact.of(true, wslFeature.source());
            }
            if (host.registry(REG_LXSS).isPresent()) {
                return Fact.of(true, regSource(REG_LXSS, null));
            }
            WslStatus s = wslStatus();
            if (s.installed() != null) {
                return Fact.of(s.installed(), cmdSource(WSL_STATUS));
            }
            Version v = wslVersion().value();
            if (v != null) {
                return Fact.of(true, cmdSource(WSL_VERSION));
            }
            Fact<List<WslDistro>> d = wslDistributions();
            if (d.known() && !d.value().isEmpty()) {
                return Fact.of(true, d.source());
            }
            return Fact.unknown(cmdSource(WSL_STATUS));
        });
    }

    public Fact<Integer> wslDefaultVersion() {
        return once("wsl.defaultVersion", () -> {
            Long v = Values.number(registryValue(REG_LXSS, "DefaultVersion"));
            if (v != null && (v == 1 || v == 2)) {
                return Fact.of(v.intValue(), regSource(REG_LXSS, "DefaultVersion"));
            }
            WslStatus s = wslStatus();
            if (s.defaultVersion() != null) {
                return Fact.of(s.defaultVersion(), cmdSource(WSL_STATUS));
            }
            // Store WSL (what `wsl --install` sets up on 19041+) defaults to 2 when nothing is set.
            return Fact.unknown(regSource(REG_LXSS, "DefaultVersion"));
        });
    }

    public Fact<Version> wslVersion() {
        return once("wsl.version", () -> {
            String text = commandText(WSL_VERSION);
            Version v = text == null ? null : WslVersionParser.wslVersion(text);
            return v == null ? Fact.<Version>unknown(cmdSource(WSL_VERSION)) : Fact.of(v, cmdSource(WSL_VERSION));
        });
    }

    // ---- other hypervisors and engines -----------------------------------------------------------

    public Fact<Version> virtualBoxVersion() {
        return once("virtualbox.version", () -> {
            Reading<Map<String, Object>> key = host.registry(REG_VIRTUALBOX);
            Version v = Version.leading(Values.string(key.orElse(Map.of()).get("Version")));
            if (v != null) {
                return Fact.of(v, regSource(REG_VIRTUALBOX, "Version"));
            }
            String dir = Values.string(key.orElse(Map.of()).get("InstallDir"));
            List<String> argv = dir == null ? VBOXMANAGE_VERSION
                    : List.of(dir + (dir.endsWith("\\") ? "" : "\\") + "VBoxManage.exe", "--version");
            Reading<CommandOutput> r = host.command(argv);
            if (r instanceof Reading.Present<CommandOutput> p) {
                Version parsed = VBoxManageParser.version(p.value().stdout());
                if (parsed != null) {
                    return Fact.of(parsed, cmdSource(VBOXMANAGE_VERSION));
                }
            }
            return Fact.unknown(regSource(REG_VIRTUALBOX, "Version"));
        });
    }

    /** Installed, not installed, or unknown (null). */
    public Boolean virtualBoxInstalled() {
        if (virtualBoxVersion().known()) {
            return true;
        }
        Reading<Map<String, Object>> key = host.registry(REG_VIRTUALBOX);
        Reading<CommandOutput> cmd = host.command(VBOXMANAGE_VERSION);
        if (key.isAbsent() && !cmd.isPresent()) {
            return false;
        }
        return key.isPresent() ? Boolean.TRUE : null;
    }

    public Fact<Version> vmwareVersion() {
        return once("vmware.version", () -> {
            for (String key : List.of(REG_VMWARE_WORKSTATION, REG_VMWARE_PLAYER)) {
                Version v = Version.leading(Values.string(registryValue(key, "ProductVersion")));
                if (v != null) {
                    return Fact.of(v, regSource(key, "ProductVersion"));
                }
            }
            return Fact.unknown(regSource(REG_VMWARE_WORKSTATION, "ProductVersion"));
        });
    }

    public Boolean vmwareInstalled() {
        if (vmwareVersion().known()) {
            return true;
        }
        boolean absent = host.registry(REG_VMWARE_WORKSTATION).isAbsent() && host.registry(REG_VMWARE_PLAYER).isAbsent();
        return absent ? Boolean.FALSE : null;
    }

    /** Engines and tools that stop working when the Windows hypervisor is turned off. */
    public List<String> hypervisorDependents() {
        List<String> out = new ArrayList<>();
        if (feature("Microsoft-Hyper-V-All").value() == FeatureState.ENABLED) {
            out.add("Hyper-V");
        }
        List<WslDistro> distros = wslDistributions().orElse(List.of());
        if (distros.stream().anyMatch(d -> d.version() == 2)) {
            out.add("WSL2");
        }
        if (serviceInstalled("com.docker.service") || distros.stream().anyMatch(d -> d.name().startsWith("docker-desktop"))) {
            out.add("Docker Desktop");
        }
        if (distros.stream().anyMatch(d -> d.name().startsWith("podman"))) {
            out.add("Podman");
        }
        if (distros.stream().anyMatch(d -> d.name().startsWith("rancher-desktop"))) {
            out.add("Rancher Desktop");
        }
        if (feature("Containers-DisposableClientVM").value() == FeatureState.ENABLED) {
            out.add("Windows Sandbox");
        }
        return out;
    }

    /** Intel HAXM or the Android Emulator hypervisor driver: both need VT-x for themselves. */
    public List<String> exclusiveVtxDrivers() {
        List<String> out = new ArrayList<>();
        if (serviceInstalled("intelhaxm")) {
            out.add("Intel HAXM");
        }
        if (serviceInstalled("aehd")) {
            out.add("Android Emulator hypervisor driver (AEHD)");
        }
        return out;
    }

    /** The servicing stack or Windows Update waits for a reboot (key present), or not; null unknown. */
    public Fact<Boolean> rebootPending() {
        Reading<Map<String, Object>> cbs = host.registry(REG_REBOOT_CBS);
        Reading<Map<String, Object>> wu = host.registry(REG_REBOOT_WU);
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
        s.put("windows.vbs", vbs());
        s.put("windows.hvci", hvci());
        s.put("windows.credentialGuard", credentialGuard());
        for (String f : FEATURES) {
            Fact<FeatureState> fs = feature(f);
            s.put("windows.features." + f, Fact.of(fs.known() ? fs.value().id() : "unknown", fs.source()));
        }
        for (String svc : SERVICES) {
            s.put("windows.services." + svc, service(svc));
        }
        s.put("windows.rebootPending", rebootPending());
        s.put("wsl.installed", wslInstalled());
        s.put("wsl.defaultVersion", wslDefaultVersion());
        s.put("wsl.version", shown(wslVersion(), Version::toString));
        Fact<List<WslDistro>> d = wslDistributions();
        s.put("wsl.distributions", shown(d, list -> {
            List<String> names = new ArrayList<>();
            list.forEach(x -> names.add(x.name() + " (WSL" + x.version() + ")"));
            return names;
        }));
        s.put("virtualbox.version", shown(virtualBoxVersion(), Version::toString));
        s.put("vmware.version", shown(vmwareVersion(), Version::toString));
        return s;
    }

    public Map<String, String> summary() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("os", host.platform().os());
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
