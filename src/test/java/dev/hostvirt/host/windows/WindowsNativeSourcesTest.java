package dev.hostvirt.host.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.windows.LaunchType;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.CommandRunner;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.LiveHost;
import dev.hostvirt.host.LocalFiles;
import dev.hostvirt.host.Reading;
import dev.hostvirt.host.RecordingHost;
import dev.hostvirt.host.SnapshotCodec;
import dev.hostvirt.host.SnapshotHost;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.RuleSets;
import dev.hostvirt.rules.Status;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The live Windows natives' routing and conversions, with fake registry, WMI, Win32 and command
 * layers standing in for JNA (which cannot run here), then through LiveHost, WindowsFacts and the rules.
 */
class WindowsNativeSourcesTest {

    static final class FakeRegistry implements RegistryAccess {
        final Map<String, Map<String, Object>> keys = new HashMap<>();
        final Set<String> denied = new HashSet<>();

        FakeRegistry put(String hive, String path, Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put((String) kv[i], kv[i + 1]);
            }
            keys.put((hive + "\\" + path).toLowerCase(), m);
            return this;
        }

        @Override
        public Reading<Map<String, Object>> values(String hive, String path) {
            String k = (hive + "\\" + path).toLowerCase();
            if (denied.contains(k)) {
                return Reading.unknown("access denied");
            }
            Map<String, Object> m = keys.get(k);
            return m == null ? Reading.absent() : Reading.present(m);
        }

        @Override
        public Reading<List<String>> subkeys(String hive, String path) {
            String prefix = (hive + "\\" + path + "\\").toLowerCase();
            if (!keys.containsKey((hive + "\\" + path).toLowerCase())) {
                return Reading.absent();
            }
            List<String> out = new ArrayList<>();
            for (String k : keys.keySet()) {
                if (k.startsWith(prefix) && k.indexOf('\\', prefix.length()) < 0) {
                    out.add(k.substring(prefix.length()));
                }
            }
            return Reading.present(out);
        }
    }

    static class FakeApi implements WindowsApi {
        Reading<Object> elevated = Reading.present(true);
        Reading<Object> elevationType = Reading.present(2L);
        final Map<Integer, Boolean> features = new HashMap<>();
        final Map<String, Long> services = new HashMap<>();

        @Override
        public Reading<Object> elevated() {
            return elevated;
        }

        @Override
        public Reading<Object> elevationType() {
            return elevationType;
        }

        @Override
        public Reading<Object> processorFeature(int feature) {
            Boolean b = features.get(feature);
            return b == null ? Reading.unknown("n/a") : Reading.present(b);
        }

        @Override
        public Reading<Object> serviceState(String name) {
            Long s = services.get(name);
            return s == null ? Reading.absent() : Reading.present(s);
        }
    }

    final FakeRegistry registry = new FakeRegistry();
    final Map<String, List<Map<String, Object>>> wmi = new HashMap<>();
    final FakeApi api = new FakeApi();
    final Map<List<String>, Reading<CommandOutput>> commands = new HashMap<>();
    final List<List<String>> ran = new ArrayList<>();

    WindowsNativeSources natives() {
        WmiAccess w = (ns, cls) -> wmi.containsKey(cls) ? Reading.present(wmi.get(cls)) : Reading.unknown("fake: none");
        CommandRunner runner = argv -> {
            ran.add(argv);
            return commands.getOrDefault(argv, Reading.absent());
        };
        return new WindowsNativeSources(registry, w, api, runner);
    }

    @Test
    void registryValuesComeOutInSnapshotShapes() {
        registry.put("HKLM", "SOFTWARE\\Test", "bin", new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, "multi",
                new String[] {"a", "b"}, "dword", 7, "qword", 9L, "sz", "x");
        Map<String, Object> v = natives().registry("HKEY_LOCAL_MACHINE\\SOFTWARE\\Test").orElse(null);
        assertEquals("hex:0100000000000000", v.get("bin"));
        assertEquals(List.of("a", "b"), v.get("multi"));
        assertEquals(7L, v.get("dword"));
        assertEquals(9L, v.get("qword"));
        assertEquals("x", v.get("sz"));
    }

    @Test
    void missingKeyIsAbsentDeniedKeyIsUnknownOtherHivesAreUnknown() {
        assertTrue(natives().registry("HKLM\\SOFTWARE\\Nothing").isAbsent());
        registry.put("HKLM", "BCD00000000\\Objects", "x", 1);
        registry.denied.add("hklm\\bcd00000000\\objects");
        assertTrue(natives().registry("HKLM\\BCD00000000\\Objects").isUnknown());
        assertTrue(natives().registry("HKU\\S-1-5-18\\Software").isUnknown());
        assertTrue(natives().registry("HKLM").isUnknown());
    }

    @Test
    void wmiReadsOnlyTheClassesHostvirtKnows() {
        wmi.put("Win32_Processor", List.of(Map.of("VMMonitorModeExtensions", true, "Architecture", 9)));
        Reading<List<Map<String, Object>>> r = natives().wmi("ROOT\\CIMV2:Win32_Processor");
        assertEquals(9L, r.orElse(null).get(0).get("Architecture"), "Integer becomes Long as in snapshots");
        assertTrue(natives().wmi("ROOT\\CIMV2:Win32_Bios").isUnknown());
        assertTrue(natives().wmi("Win32_Processor").isUnknown());
    }

    @Test
    void deviceGuardArraysAreReadThroughPowerShellJson() {
        commands.put(DeviceGuardJson.ARGV, Reading.present(new CommandOutput(0,
                "{\"VirtualizationBasedSecurityStatus\":2,\"SecurityServicesConfigured\":[2],\"SecurityServicesRunning\":[1,2]}\r\n", "")));
        Map<String, Object> dg = natives().wmi("ROOT\\Microsoft\\Windows\\DeviceGuard:Win32_DeviceGuard").orElse(null).get(0);
        assertEquals(2L, dg.get("VirtualizationBasedSecurityStatus"));
        assertEquals(List.of(1L, 2L), dg.get("SecurityServicesRunning"));
        assertEquals(List.of(DeviceGuardJson.ARGV), ran, "argv, no shell");
    }

    @Test
    void deviceGuardFailuresAreUnknown() {
        assertTrue(DeviceGuardJson.parse("").isUnknown());
        assertTrue(DeviceGuardJson.parse("Get-CimInstance : Clase no válida").isUnknown());
        assertTrue(DeviceGuardJson.parse("42").isUnknown());
        assertEquals(2, DeviceGuardJson.parse("[{\"VirtualizationBasedSecurityStatus\":0},{\"VirtualizationBasedSecurityStatus\":0}]")
                .orElse(null).size());
        commands.put(DeviceGuardJson.ARGV, Reading.present(new CommandOutput(1, "", "Invalid class")));
        assertTrue(natives().wmi("ROOT\\Microsoft\\Windows\\DeviceGuard:Win32_DeviceGuard").isUnknown());
        commands.clear();
        assertTrue(natives().wmi("ROOT\\Microsoft\\Windows\\DeviceGuard:Win32_DeviceGuard").isUnknown(),
                "no powershell.exe: unknown, not absent");
    }

    @Test
    void tokenValuesTellAdministratorNotElevatedApart() {
        api.elevated = Reading.present(false);
        api.elevationType = Reading.present(3L);
        assertEquals(false, natives().value("process.elevated").orElse(null));
        assertEquals("limited", natives().value("process.elevationType").orElse(null));
        api.elevationType = Reading.present(2L);
        assertEquals("full", natives().value("process.elevationType").orElse(null));
        api.elevationType = Reading.present(1L);
        assertEquals("default", natives().value("process.elevationType").orElse(null));
        api.elevationType = Reading.present(99L);
        assertTrue(natives().value("process.elevationType").isUnknown(), "an unmapped number is unknown, not absent");
    }

    @Test
    void processorFeaturesAndServices() {
        api.features.put(21, false);
        api.features.put(20, true);
        api.services.put("vmms", 4L);
        api.services.put("hvhost", 1L);
        api.services.put("odd", 42L);
        WindowsNativeSources n = natives();
        assertEquals(false, n.value("windows.processorFeature.21").orElse(null));
        assertEquals(true, n.value("windows.processorFeature.20").orElse(null));
        assertEquals("running", n.value("windows.service.vmms").orElse(null));
        assertEquals("stopped", n.value("windows.service.hvhost").orElse(null));
        assertTrue(n.value("windows.service.intelhaxm").isAbsent(), "not installed");
        assertTrue(n.value("windows.service.odd").isUnknown());
        assertTrue(n.value("windows.nothing").isUnknown());
    }

    @Test
    void wslDistributionsFromTheLxssKeysWithTheWsl2FlagBit() {
        String lxss = WindowsNativeSources.LXSS;
        registry.put("HKCU", lxss, "DefaultDistribution", "{aaa}", "DefaultVersion", 2);
        registry.put("HKCU", lxss + "\\{aaa}", "DistributionName", "Ubuntu", "Flags", 15, "State", 1);
        registry.put("HKCU", lxss + "\\{bbb}", "DistributionName", "Legacy", "Flags", 7, "State", 1);
        registry.put("HKCU", lxss + "\\AppxInstallerCache", "x", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> d = (List<Map<String, Object>>) natives().value("windows.wsl.distributions").orElse(null);
        assertEquals(2, d.size());
        Map<String, Object> ubuntu = d.stream().filter(x -> x.get("name").equals("Ubuntu")).findFirst().orElseThrow();
        assertEquals(2L, ubuntu.get("version"));
        assertEquals(true, ubuntu.get("default"));
        Map<String, Object> legacy = d.stream().filter(x -> x.get("name").equals("Legacy")).findFirst().orElseThrow();
        assertEquals(1L, legacy.get("version"));
        assertEquals(false, legacy.get("default"));
        registry.keys.clear();
        assertEquals(List.of(), natives().value("windows.wsl.distributions").orElse(null));
    }

    @Test
    void aThrowingNativeIsUnknownNotACrash() {
        WindowsApi broken = new FakeApi() {
            @Override
            public Reading<Object> elevated() {
                throw new UnsatisfiedLinkError("Advapi32");
            }
        };
        WindowsNativeSources n = new WindowsNativeSources(registry, (ns, c) -> {
            throw new IllegalStateException("COM");
        }, broken, argv -> Reading.absent());
        assertTrue(n.value("process.elevated").isUnknown());
        assertTrue(n.wmi("ROOT\\CIMV2:Win32_Processor").isUnknown());
    }

    @Test
    void throughLiveHostFactsAndRules() {
        // A physical Windows 11 Pro, no hypervisor, launch type Off in the BCD registry view.
        wmi.put("Win32_OperatingSystem", List.of(Map.of("Caption", "Microsoft Windows 11 Pro", "BuildNumber", "22631",
                "OperatingSystemSKU", 48, "ProductType", 1)));
        wmi.put("Win32_ComputerSystem", List.of(Map.of("HypervisorPresent", false, "Manufacturer", "LENOVO", "Model", "21AH")));
        wmi.put("Win32_Processor", List.of(Map.of("Manufacturer", "GenuineIntel", "Architecture", 9,
                "VMMonitorModeExtensions", true, "VirtualizationFirmwareEnabled", true,
                "SecondLevelAddressTranslationExtensions", true)));
        wmi.put("Win32_OptionalFeature", List.of(Map.of("Name", "Microsoft-Hyper-V-All", "InstallState", 1)));
        registry.put("HKLM", "BCD00000000\\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\23000003",
                "Element", "{cafe0000-0000-0000-0000-000000000000}");
        registry.put("HKLM", "BCD00000000\\Objects\\{cafe0000-0000-0000-0000-000000000000}\\Elements\\250000f0",
                "Element", new byte[] {0, 0, 0, 0, 0, 0, 0, 0});
        LiveHost host = new LiveHost(new HostPlatform(HostPlatform.WINDOWS, "amd64"), LocalFiles.system(),
                argv -> commands.getOrDefault(argv, Reading.absent()), natives());
        assertEquals(LaunchType.OFF, new WindowsFacts(host).boot().launchType().value());
        Finding lt = RuleSets.forHost(host).evaluate("hyperv").stream()
                .filter(f -> f.id().equals("windows.launchtype")).findFirst().orElseThrow();
        assertEquals(Status.FAIL, lt.status());
    }

    @Test
    void deniedBcdUnelevatedSaysRunElevated() {
        registry.put("HKLM", "BCD00000000\\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\23000003", "Element", "{x}");
        registry.denied.add("hklm\\bcd00000000\\objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\elements\\23000003");
        wmi.put("Win32_ComputerSystem", List.of(Map.of("HypervisorPresent", false, "Manufacturer", "LENOVO", "Model", "21AH")));
        api.elevated = Reading.present(false);
        api.elevationType = Reading.present(3L);
        commands.put(List.of("bcdedit", "/enum", "{current}"), Reading.present(new CommandOutput(1,
                "No se pudo abrir el almacén de datos de configuración de arranque (BCD).\r\nAcceso denegado.\r\n", "")));
        LiveHost host = new LiveHost(new HostPlatform(HostPlatform.WINDOWS, "amd64"), LocalFiles.system(),
                argv -> commands.getOrDefault(argv, Reading.absent()), natives());
        Finding lt = RuleSets.forHost(host).evaluate("wsl2").stream()
                .filter(f -> f.id().equals("windows.launchtype")).findFirst().orElseThrow();
        assertEquals(Status.SKIP, lt.status());
        assertTrue(Messages.forLanguage("es").render(lt.detail()).contains("es administrador pero este símbolo del sistema no está elevado"));
        assertEquals("limited", new WindowsFacts(host).elevationType().value());
    }

    @Test
    void aRecordedLiveMachineReplaysToTheSameReportAndFacts() {
        wmi.put("Win32_OperatingSystem", List.of(Map.of("Caption", "Microsoft Windows 10 Pro", "BuildNumber", "19045",
                "OperatingSystemSKU", 48, "ProductType", 1)));
        wmi.put("Win32_ComputerSystem", List.of(Map.of("HypervisorPresent", true, "Manufacturer", "LENOVO", "Model", "20L5")));
        wmi.put("Win32_Processor", List.of(Map.of("Manufacturer", "GenuineIntel", "Architecture", 9,
                "VMMonitorModeExtensions", false, "VirtualizationFirmwareEnabled", false,
                "SecondLevelAddressTranslationExtensions", false)));
        wmi.put("Win32_OptionalFeature", List.of(Map.of("Name", "Microsoft-Hyper-V-All", "InstallState", 1),
                Map.of("Name", "HypervisorPlatform", "InstallState", 2)));
        commands.put(DeviceGuardJson.ARGV, Reading.present(new CommandOutput(0,
                "{\"VirtualizationBasedSecurityStatus\":2,\"SecurityServicesConfigured\":[2],\"SecurityServicesRunning\":[2]}", "")));
        registry.put("HKLM", "SOFTWARE\\Oracle\\VirtualBox", "Version", "5.2.44", "InstallDir", "C:\\VBox\\");
        registry.put("HKLM", "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "CurrentBuildNumber", "19045", "UBR", 3803);
        registry.put("HKLM", "BCD00000000\\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\23000003",
                "Element", "{cafe0000-0000-0000-0000-000000000000}");
        registry.put("HKLM", "BCD00000000\\Objects\\{cafe0000-0000-0000-0000-000000000000}\\Elements\\250000f0",
                "Element", new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
        registry.put("HKCU", WindowsNativeSources.LXSS, "DefaultVersion", 2, "DefaultDistribution", "{aaa}");
        registry.put("HKCU", WindowsNativeSources.LXSS + "\\{aaa}", "DistributionName", "Ubuntu", "Flags", 15, "State", 1);
        api.services.put("vmms", 4L);
        api.features.put(21, true);
        LiveHost live = new LiveHost(new HostPlatform(HostPlatform.WINDOWS, "amd64"), LocalFiles.system(),
                argv -> commands.getOrDefault(argv, Reading.absent()), natives());
        RecordingHost recording = new RecordingHost(live, Clock.systemUTC());
        var liveRules = RuleSets.forHost(recording);
        Map<String, List<Finding>> liveFindings = new LinkedHashMap<>();
        liveRules.targets().forEach(t -> liveFindings.put(t, liveRules.evaluate(t)));
        String liveFacts = shown(liveRules.facts());

        var codec = new SnapshotCodec();
        var replay = new SnapshotHost(codec.parse("recorded", codec.toJson(recording.snapshot())));
        var replayRules = RuleSets.forHost(replay);
        for (String t : replayRules.targets()) {
            assertEquals(liveFindings.get(t), replayRules.evaluate(t), t);
        }
        assertEquals(liveFacts, shown(replayRules.facts()));
        assertTrue(liveFacts.contains("windows.hypervisorLaunchType=auto"), liveFacts);
        assertTrue(liveFacts.contains("windows.hvci=running"), liveFacts);
        assertTrue(liveFacts.contains("Ubuntu (WSL2)"), liveFacts);
    }

    private static String shown(FactSheet sheet) {
        StringBuilder sb = new StringBuilder();
        sheet.asMap().forEach((k, v) -> sb.append(k).append('=').append(v.shown()).append(" <- ").append(v.source()).append('\n'));
        return sb.toString();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void liveNativesLoadOnLinuxAndAnswerUnknownWithoutWindows() throws Exception {
        for (String c : List.of("JnaRegistry", "JnaWmi", "JnaWindowsApi", "WindowsLiveNatives", "WindowsNativeSources")) {
            Class.forName("dev.hostvirt.host.windows." + c, true, getClass().getClassLoader());
        }
        var live = WindowsLiveNatives.create(argv -> Reading.absent());
        assertTrue(live.value("process.elevated").isUnknown());
        assertTrue(live.value("windows.service.vmms").isUnknown());
        assertTrue(live.registry("HKLM\\SOFTWARE\\Oracle\\VirtualBox").isUnknown());
        assertTrue(live.wmi("ROOT\\CIMV2:Win32_Processor").isUnknown());
    }
}
