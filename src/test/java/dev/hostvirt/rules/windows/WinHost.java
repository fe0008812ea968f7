package dev.hostvirt.rules.windows;

import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.host.CommandRecord;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.Snapshot;
import dev.hostvirt.host.SnapshotHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-made Windows machine for rule tests: by default a healthy physical Windows 11 Pro 23H2
 * with the Windows hypervisor running, every feature enabled, VBS off, WSL2 and VirtualBox 7.
 * Each test changes the one thing its rule reads.
 */
final class WinHost {
    static final String OS = "ROOT\\CIMV2:Win32_OperatingSystem";
    static final String CS = "ROOT\\CIMV2:Win32_ComputerSystem";
    static final String CPU = "ROOT\\CIMV2:Win32_Processor";
    static final String FEATURES = "ROOT\\CIMV2:Win32_OptionalFeature";
    static final String DG = "ROOT\\Microsoft\\Windows\\DeviceGuard:Win32_DeviceGuard";
    static final String CURRENT_VERSION = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    static final String BOOTMGR = "HKLM\\BCD00000000\\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\23000003";
    static final String ENTRY = "{11111111-2222-3333-4444-555555555555}";
    static final String LAUNCH = "HKLM\\BCD00000000\\Objects\\" + ENTRY + "\\Elements\\250000f0";
    static final String VBOX = "HKLM\\SOFTWARE\\Oracle\\VirtualBox";
    static final String VMWARE = "HKLM\\SOFTWARE\\WOW6432Node\\VMware, Inc.\\VMware Workstation";
    static final String LXSS = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";
    static final String CBS = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending";
    static final String WU = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired";

    private String arch = "amd64";
    private final Map<String, List<Map<String, Object>>> wmi = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> registry = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<CommandRecord> commands = new ArrayList<>();

    WinHost() {
        wmi.put(OS, List.of(map("Caption", "Microsoft Windows 11 Pro", "BuildNumber", "22631",
                "OperatingSystemSKU", 48L, "ProductType", 1L)));
        wmi.put(CS, List.of(map("HypervisorPresent", true, "Manufacturer", "Dell Inc.", "Model", "XPS 15 9520")));
        wmi.put(CPU, List.of(map("Manufacturer", "GenuineIntel", "Architecture", 9L, "VMMonitorModeExtensions", false,
                "VirtualizationFirmwareEnabled", false, "SecondLevelAddressTranslationExtensions", false)));
        List<Map<String, Object>> features = new ArrayList<>();
        for (String f : List.of("Microsoft-Hyper-V-All", "Microsoft-Hyper-V-Hypervisor", "Containers",
                "Containers-DisposableClientVM", "VirtualMachinePlatform", "HypervisorPlatform",
                "Microsoft-Windows-Subsystem-Linux")) {
            features.add(map("Name", f, "InstallState", 1L));
        }
        wmi.put(FEATURES, features);
        wmi.put(DG, List.of(map("VirtualizationBasedSecurityStatus", 0L, "SecurityServicesConfigured", List.of(),
                "SecurityServicesRunning", List.of())));
        registry.put(CURRENT_VERSION, map("CurrentBuildNumber", "22631", "UBR", 4460L));
        registry.put(BOOTMGR, map("Element", ENTRY));
        registry.put(LAUNCH, map("Element", "hex:0100000000000000"));
        registry.put(VBOX, map("Version", "7.1.4", "InstallDir", "C:\\Program Files\\Oracle\\VirtualBox\\"));
        registry.put(VMWARE, null);
        registry.put("HKLM\\SOFTWARE\\WOW6432Node\\VMware, Inc.\\VMware Player", null);
        registry.put(LXSS, map("DefaultVersion", 2L));
        registry.put(CBS, null);
        registry.put(WU, null);
        values.put("process.elevated", true);
        values.put("process.elevationType", "full");
        values.put("windows.service.vmms", "running");
        values.put("windows.service.intelhaxm", null);
        values.put("windows.service.aehd", null);
        values.put("windows.service.com.docker.service", null);
        values.put("windows.wsl.distributions", List.of(map("name", "Ubuntu", "version", 2L, "default", true)));
        commands.add(new CommandRecord(List.of("wsl", "--version"), 0, "WSL version: 2.3.26.0\r\n", ""));
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    WinHost wmi(String cls, String property, Object value) {
        Map<String, Object> first = new HashMap<>(wmi.get(cls).get(0));
        first.put(property, value);
        List<Map<String, Object>> list = new ArrayList<>(wmi.get(cls));
        list.set(0, first);
        wmi.put(cls, list);
        return this;
    }

    WinHost noWmi(String cls) {
        wmi.remove(cls);
        return this;
    }

    WinHost feature(String name, long installState) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map<String, Object> f : wmi.get(FEATURES)) {
            if (!f.get("Name").equals(name)) {
                list.add(f);
            }
        }
        if (installState != 0) {
            list.add(map("Name", name, "InstallState", installState));
        }
        wmi.put(FEATURES, list);
        return this;
    }

    WinHost registry(String key, Map<String, Object> values) {
        registry.put(key, values);
        return this;
    }

    WinHost noRegistry(String key) {
        registry.remove(key);
        return this;
    }

    WinHost value(String name, Object value) {
        values.put(name, value);
        return this;
    }

    WinHost command(List<String> argv, Integer exit, String stdout) {
        commands.removeIf(c -> c.argv().equals(argv));
        commands.add(new CommandRecord(argv, exit, stdout, ""));
        return this;
    }

    WinHost arch(String a) {
        arch = a;
        return this;
    }

    /** No hypervisor running: Win32_Processor answers are real again. */
    WinHost noHypervisor() {
        return wmi(CS, "HypervisorPresent", false).wmi(CPU, "VMMonitorModeExtensions", true)
                .wmi(CPU, "VirtualizationFirmwareEnabled", true).wmi(CPU, "SecondLevelAddressTranslationExtensions", true);
    }

    WinHost build(int build, int ubr) {
        return wmi(OS, "BuildNumber", String.valueOf(build))
                .registry(CURRENT_VERSION, map("CurrentBuildNumber", String.valueOf(build), "UBR", (long) ubr));
    }

    WinHost sku(long sku) {
        return wmi(OS, "OperatingSystemSKU", sku);
    }

    WinHost launchType(String hexOrNull) {
        return registry(LAUNCH, hexOrNull == null ? null : map("Element", hexOrNull));
    }

    WinHost hvciRunning() {
        return wmi(DG, "VirtualizationBasedSecurityStatus", 2L).wmi(DG, "SecurityServicesRunning", List.of(2L))
                .wmi(DG, "SecurityServicesConfigured", List.of(2L));
    }

    SnapshotHost host() {
        return new SnapshotHost(new Snapshot("2026-11-27T20:00:00Z", new HostPlatform("windows", arch), Map.of(),
                Map.of(), commands, registry, wmi, Map.of(), values));
    }

    WindowsFacts facts() {
        return new WindowsFacts(host());
    }

    WindowsRuleSet rules() {
        return new WindowsRuleSet(facts());
    }
}
