package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsReads.cmdSource;
import static dev.hostvirt.facts.windows.WindowsReads.regSource;
import static dev.hostvirt.facts.windows.WindowsReads.wmiSource;
import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.Version;
import dev.hostvirt.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The typed picture of a Windows host, gathered lazily from the host port. Language-neutral sources
 * (WMI, registry, API values) win; the text of systeminfo, bcdedit, VBoxManage and wsl is read only
 * when they are missing (a snapshot pasted from a forum), and by structure, never by sentence.
 */
public final class WindowsFacts {
    private final WindowsReads reads;
    private final FeatureFacts features;
    private final SecurityFacts security;
    private final WslFacts wsl;
    private final ProductFacts products;
    private final MachineFacts machine;
    private final BootFacts boot;

    public WindowsFacts(Host host) {
        reads = new WindowsReads(host);
        features = new FeatureFacts(reads);
        security = new SecurityFacts(reads);
        wsl = new WslFacts(reads, features);
        products = new ProductFacts(reads, features, wsl);
        machine = new MachineFacts(reads, security);
        boot = new BootFacts(reads);
    }

    public MachineFacts machine() {
        return machine;
    }

    public BootFacts boot() {
        return boot;
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

    /**
     * The architecture of Windows itself (amd64, arm64, x86, arm). OSArchitecture is display text
     * ("64 bits" on Spanish Windows) but its digits and "ARM" are not translated; then
     * Win32_Processor.Architecture (9, 12, 0, 5: the platform Windows runs, so 0 on a 32-bit install
     * even on a 64-bit CPU); then systeminfo's System Type. The platform's arch comes last and only
     * when it says 64-bit: it is the JVM's, and a 32-bit JVM says x86 on 64-bit Windows too (WOW64).
     */
    public Fact<String> arch() {
        return reads.once("os.arch", () -> {
            String os = Values.string(reads.wmiValue(WMI_OS, "OSArchitecture"));
            if (os != null) {
                String u = os.toUpperCase(Locale.ROOT);
                String name = u.contains("ARM") ? (u.contains("64") ? "arm64" : "arm")
                        : u.contains("64") ? "amd64" : u.contains("32") ? "x86" : null;
                if (name != null) {
                    return Fact.of(name, wmiSource(WMI_OS, "OSArchitecture"));
                }
            }
            Long a = Values.number(reads.wmiValue(WMI_PROCESSOR, "Architecture"));
            String name = a == null ? null : switch (a.intValue()) {
                case 9 -> "amd64";
                case 12 -> "arm64";
                case 0 -> "x86";
                case 5 -> "arm";
                default -> null;
            };
            if (name != null) {
                return Fact.of(name, wmiSource(WMI_PROCESSOR, "Architecture"));
            }
            String text = reads.commandText(SYSTEMINFO);
            name = text == null ? null : SysteminfoParser.windowsArch(text);
            if (name != null) {
                return Fact.of(name, cmdSource(SYSTEMINFO));
            }
            String platform = reads.host().platform().arch();
            return platform.endsWith("64") ? Fact.of(platform, "platform.arch") : Fact.unknown(wmiSource(WMI_OS, "OSArchitecture"));
        });
    }

    /** Whether Windows is 64-bit (x64 or ARM64), which WSL 2, Hyper-V, Sandbox and Docker Desktop all need. */
    public Fact<Boolean> os64() {
        Fact<String> a = arch();
        if (!a.known()) {
            return Fact.unknown(a.source());
        }
        return Fact.of(a.value().endsWith("64"), a.source());
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

    // ---- the public sheet -------------------------------------------------------------------------

    private static <T> Fact<Object> shown(Fact<T> f, Function<T, Object> show) {
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
        s.put("cpu.vendor", machine.cpuVendor());
        s.put("cpu.virtualization", machine.cpuVirtualization());
        s.put("cpu.slat", machine.cpuSlat());
        s.put("cpu.firmwareVirtualization", machine.firmwareVirtualization());
        s.put("machine.virtual", machine.virtualMachine());
        s.put("hypervisor.present", machine.hypervisorPresent());
        s.put("hypervisor.vendor", machine.hypervisorVendor());
        Fact<LaunchType> lt = boot.launchType();
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
        s.put("windows.rebootPending", boot.rebootPending());
        s.put("wsl.installed", wsl.installed());
        s.put("wsl.defaultVersion", wsl.defaultVersion());
        s.put("wsl.version", shown(wsl.version(), Version::padded));
        s.put("wsl.configFile", wsl.configFile());
        Fact<List<WslDistro>> d = wsl.distributions();
        s.put("wsl.distributions", shown(d, list -> {
            List<String> names = new ArrayList<>();
            list.forEach(x -> names.add(x.name() + " (WSL" + x.version() + ")"));
            return names;
        }));
        s.put("virtualbox.version", shown(products.virtualBoxVersion(), Version::padded));
        s.put("vmware.version", shown(products.vmwareVersion(), Version::padded));
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
        if (arch().known()) {
            m.put("arch", arch().value());
        }
        return m;
    }
}
