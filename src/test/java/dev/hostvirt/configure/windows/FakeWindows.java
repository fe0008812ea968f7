package dev.hostvirt.configure.windows;

import dev.hostvirt.configure.Machine;
import dev.hostvirt.configure.MachineHost;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.facts.windows.WindowsSourceNames;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.NativeSources;
import dev.hostvirt.host.Reading;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A simulated Windows host: a BCD store, optional features, WSL, a few registry values and a token,
 * changed by stateful fakes of bcdedit.exe, dism.exe, wsl.exe, reg.exe and whoami.exe that answer
 * with the real recorded outputs and exit codes (test resources configure/windows, English or
 * Spanish), and the WMI classes the planner reads. Files go under a temporary root.
 */
public final class FakeWindows {
    public static final String CURRENT = "{9dc2b5a1-4c2e-11ef-9a1b-00155d012345}";
    public final Path root;
    public final Machine machine;
    public final List<List<String>> calls = new ArrayList<>();
    private final Set<List<String>> failing = new LinkedHashSet<>();
    public String lang = "en";
    public boolean elevated = true;
    /** Memory integrity (HVCI) configured and running, as WMI's Win32_DeviceGuard reports it. */
    public boolean vbs = false;
    /** Credential Guard configured and running. */
    public boolean credentialGuard = false;
    public int sku = 48;
    public int build = 22631;
    public boolean wslInstalled = false;
    public final Map<String, Map<String, String>> entries = new LinkedHashMap<>();
    public final Map<String, String> features = new TreeMap<>();
    public final Set<String> missingFeatures = new LinkedHashSet<>();
    public final Map<String, Integer> registry = new TreeMap<>();
    /** False: no WMI provider answers (as before the Windows natives exist); the planner falls back. */
    public boolean wmi = true;
    public String edition = "Professional";
    /** Win32_OperatingSystem.OSArchitecture as Spanish Windows words it; "32 bits" for a 32-bit install. */
    public String osArchitecture = "64 bits";
    private int nextGuid = 1;

    public FakeWindows(Path root) {
        this.root = root;
        this.machine = new Machine(root, this::run, Machine.windowsStateDir("C:\\ProgramData"));
        Map<String, String> current = new LinkedHashMap<>();
        current.put("device", "partition=C:");
        current.put("path", "\\WINDOWS\\system32\\winload.efi");
        current.put("description", "Windows 11");
        current.put("locale", lang.equals("es") ? "es-ES" : "en-US");
        current.put("nx", "OptIn");
        current.put("bootmenupolicy", "Standard");
        current.put("hypervisorlaunchtype", "Auto");
        entries.put(CURRENT, current);
        for (String f : List.of(WindowsPlanner.HYPERV, WindowsPlanner.VMP, WindowsPlanner.WSL_FEATURE,
                WindowsPlanner.CONTAINERS, WindowsPlanner.SANDBOX, "HypervisorPlatform")) {
            features.put(f, "Disabled");
        }
        features.put(WindowsPlanner.HYPERV, "Enabled");
        features.put(WindowsPlanner.VMP, "Enabled");
    }

    public MachineHost host() {
        return new MachineHost(new HostPlatform(HostPlatform.WINDOWS, "amd64"), machine, natives());
    }

    /** The registry, WMI and API values of this simulated machine, as the Windows natives answer them. */
    public NativeSources natives() {
        return new NativeSources() {
            @Override
            public Reading<List<Map<String, Object>>> wmi(String cls) {
                return FakeWindows.this.wmi(cls);
            }

            @Override
            public Reading<Map<String, Object>> registry(String key) {
                return FakeWindows.this.registryKey(key);
            }

            @Override
            public Reading<Object> value(String name) {
                return name.equals(WindowsSourceNames.VALUE_ELEVATED) ? Reading.present(elevated) : Reading.unknown("not simulated");
            }
        };
    }

    /**
     * The registry as the Windows natives read it: the DWORDs reg.exe wrote (under their key), and the
     * CurrentVersion values. The BCD hive is not simulated (unknown): the detector then asks bcdedit.
     */
    private List<Integer> securityServices() {
        List<Integer> ids = new java.util.ArrayList<>();
        if (credentialGuard) {
            ids.add(1);
        }
        if (vbs) {
            ids.add(2);
        }
        return ids.isEmpty() ? List.of(0) : ids;
    }

    private Reading<Map<String, Object>> registryKey(String key) {
        if (key.startsWith("HKLM\\BCD00000000")) {
            return Reading.unknown("BCD hive not simulated");
        }
        Map<String, Object> values = new TreeMap<>();
        if (key.equals(WindowsSourceNames.REG_CURRENT_VERSION)) {
            values.put("CurrentBuildNumber", String.valueOf(build));
            values.put("EditionID", edition);
            values.put("ProductName", edition.startsWith("Core") ? "Windows 10 Home" : "Windows 10 Pro");
        }
        registry.forEach((k, v) -> {
            int cut = k.lastIndexOf('\\');
            if (k.substring(0, cut).equalsIgnoreCase(key)) {
                values.put(k.substring(cut + 1), v);
            }
        });
        return values.isEmpty() ? Reading.absent() : Reading.present(values);
    }

    public void failOn(String... argv) {
        failing.add(List.of(argv));
    }

    public void clearFailures() {
        failing.clear();
    }

    public static String sample(String name) {
        try (InputStream in = FakeWindows.class.getResourceAsStream("/configure/windows/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing sample " + name, e);
        }
    }

    /** Everything a change could touch, to compare before and after byte for byte. */
    public String state() {
        StringBuilder sb = new StringBuilder();
        entries.forEach((g, el) -> sb.append(g).append(new TreeMap<>(el)).append('\n'));
        sb.append(features).append('\n').append(registry).append('\n').append("wsl=").append(wslInstalled).append('\n');
        sb.append(dev.hostvirt.configure.Trees.snapshot(root, machine.stateDirectory()));
        return sb.toString();
    }

    private Reading<List<Map<String, Object>>> wmi(String cls) {
        if (!wmi) {
            return Reading.unknown("no WMI provider in this build");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        switch (cls) {
            case WindowsSourceNames.WMI_FEATURES -> features.forEach((n, s) -> {
                if (!missingFeatures.contains(n)) {
                    rows.add(Map.of("Name", n, "InstallState", s.equals("Disabled") ? 2 : 1));
                }
            });
            case WindowsSourceNames.WMI_OS -> rows.add(Map.of("BuildNumber", String.valueOf(build), "OperatingSystemSKU", sku,
                    "OSArchitecture", osArchitecture));
            case WindowsSourceNames.WMI_DEVICE_GUARD -> rows.add(Map.of("VirtualizationBasedSecurityStatus", vbs || credentialGuard ? 2 : 0,
                    "SecurityServicesRunning", securityServices(), "SecurityServicesConfigured", securityServices()));
            default -> {
                return Reading.unknown("not simulated");
            }
        }
        return Reading.present(rows);
    }

    private static Reading<CommandOutput> out(int exit, String stdout) {
        return Reading.present(new CommandOutput(exit, stdout, ""));
    }

    private Reading<CommandOutput> run(List<String> argv) {
        calls.add(List.copyOf(argv));
        if (failing.contains(argv)) {
            return out(1, lang.equals("es") ? "El parámetro no es correcto.\r\n" : "The parameter is incorrect.\r\n");
        }
        return switch (argv.get(0)) {
            // The detector asks "bcdedit" (any PATHEXT), the configurator "bcdedit.exe": one program.
            case WindowsActions.BCDEDIT, "bcdedit" -> bcdedit(argv);
            case WindowsActions.DISM -> dism(argv);
            case WindowsActions.WSL -> wsl(argv);
            case WindowsActions.REG -> reg(argv);
            case "shutdown.exe" -> out(0, "");
            case "whoami.exe" -> out(0, "\"Mandatory Label\\" + (elevated ? "High" : "Medium") + " Mandatory Level\",\"Label\",\""
                    + (elevated ? "S-1-16-12288" : "S-1-16-8192") + "\"\r\n");
            default -> Reading.absent();
        };
    }

    private String okSentence() {
        // The second line of the bcdedit sample (English); Spanish as Windows words ERROR_SUCCESS.
        return lang.equals("es") ? "La operación se completó correctamente.\r\n"
                : sample("bcdedit-copy-current-en-then-set-off.txt").split("\n")[4].strip() + "\r\n";
    }

    private String resolve(String id) {
        return id.equalsIgnoreCase("{current}") ? CURRENT : id.toLowerCase(java.util.Locale.ROOT);
    }

    private Reading<CommandOutput> bcdedit(List<String> argv) {
        if (!elevated) {
            return out(1, sample(lang.equals("es") ? "bcdedit-enum-es-access-denied.txt" : "bcdedit-enum-en-access-denied.txt")
                    .lines().filter(l -> !l.contains(">")).reduce("", (a, b) -> a + b + "\r\n"));
        }
        String verb = argv.get(1);
        switch (verb) {
            case "/enum" -> {
                String what = argv.get(2);
                StringBuilder sb = new StringBuilder();
                for (Map.Entry<String, Map<String, String>> e : entries.entrySet()) {
                    if (what.equalsIgnoreCase("osloader") || resolve(what).equals(e.getKey())) {
                        sb.append("\r\n").append(block(e.getKey(), e.getValue()));
                    }
                }
                return sb.length() == 0 ? out(1, lang.equals("es") ? "No se encuentra el elemento especificado.\r\n"
                        : "The specified entry could not be found.\r\n") : out(0, sb.toString());
            }
            case "/set" -> {
                Map<String, String> e = entries.get(resolve(argv.get(2)));
                if (e == null || argv.size() != 5 || !argv.get(3).equals("hypervisorlaunchtype")) {
                    return out(1, "The parameter is incorrect.\r\n");
                }
                e.put("hypervisorlaunchtype", argv.get(4).equalsIgnoreCase("off") ? "Off" : "Auto");
                return out(0, okSentence());
            }
            case "/deletevalue" -> {
                Map<String, String> e = entries.get(resolve(argv.get(2)));
                if (e == null) {
                    return out(1, "The parameter is incorrect.\r\n");
                }
                e.remove(argv.get(3));
                return out(0, okSentence());
            }
            case "/copy" -> {
                if (argv.size() != 5 || !argv.get(3).equals("/d")) {
                    return out(1, "The parameter is incorrect.\r\n");
                }
                String guid = String.format("{6b1d5c2a-0f3e-11ef-9a1b-%012x}", nextGuid++);
                Map<String, String> copy = new LinkedHashMap<>(entries.get(resolve(argv.get(2))));
                copy.put("description", argv.get(4));
                entries.put(guid, copy);
                String sentence = lang.equals("es")
                        ? sample("bcdedit-copy-es-message-template.txt").strip().replace("{dirección}", guid.toUpperCase(java.util.Locale.ROOT))
                        : sample("bcdedit-copy-current-en-then-set-off.txt").split("\n")[1].replaceAll("\\{[^}]*\\}", guid).strip();
                return out(0, sentence + "\r\n");
            }
            case "/delete" -> {
                return entries.remove(resolve(argv.get(2))) == null ? out(1, "The parameter is incorrect.\r\n") : out(0, okSentence());
            }
            case "/export" -> {
                Path f = machine.path(argv.get(2));
                try {
                    Files.createDirectories(f.getParent());
                    Files.writeString(f, "BCD export\n" + entries);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out(0, okSentence());
            }
            default -> {
                return out(1, "The parameter is incorrect.\r\n");
            }
        }
    }

    private String block(String guid, Map<String, String> el) {
        boolean es = lang.equals("es");
        String heading = es ? "Cargador de arranque de Windows" : "Windows Boot Loader";
        StringBuilder sb = new StringBuilder(heading).append("\r\n").append("-".repeat(heading.length())).append("\r\n");
        sb.append(String.format("%-24s%s\r\n", es ? "Identificador" : "identifier", guid));
        el.forEach((k, v) -> sb.append(String.format("%-24s%s\r\n", k, v)));
        return sb.toString();
    }

    private Reading<CommandOutput> dism(List<String> argv) {
        if (!elevated) {
            return out(740, "\r\nError: 740\r\n\r\nElevated permissions are required to run DISM.\r\n"
                    + "Use an elevated command prompt to complete these tasks.\r\n");
        }
        String feature = argv.stream().filter(a -> a.startsWith("/FeatureName:")).map(a -> a.substring(13)).findFirst().orElse("");
        if (!features.containsKey(feature) || missingFeatures.contains(feature)) {
            return out(0x800f080c, "\r\nError: 0x800f080c\r\n\r\nFeature name " + feature + " is unknown.\r\n");
        }
        if (argv.contains("/Get-FeatureInfo")) {
            return out(0, "\r\nFeature Information:\r\n\r\nFeature Name : " + feature + "\r\nDisplay Name : " + feature
                    + "\r\nRestart Required : Possible\r\nState : " + features.get(feature) + "\r\n\r\nThe operation completed successfully.\r\n");
        }
        if (argv.contains("/Enable-Feature") && argv.contains("/English") && argv.contains("/NoRestart") && argv.contains("/All")) {
            features.put(feature, "Enable Pending");
            return out(3010, sample("dism-enable-feature-hyperv-all-en-exit3010.txt").replace("Microsoft-Hyper-V-All", feature));
        }
        if (argv.contains("/Disable-Feature")) {
            features.put(feature, "Disabled");
            return out(3010, "\r\nThe operation completed successfully.\r\nRestart Windows to complete this operation.\r\n");
        }
        return out(87, "\r\nError: 87\r\n\r\nThe option is unknown.\r\n");
    }

    private Reading<CommandOutput> wsl(List<String> argv) {
        String notInstalled = sample("wsl-status-es-not-installed.txt");
        switch (argv.get(1)) {
            case "--status" -> {
                return wslInstalled ? out(0, "Default Version: " + registry.getOrDefault(lxss(), 2) + "\r\n") : out(50, notInstalled);
            }
            case "--install" -> {
                if (!elevated) {
                    return out(1, "Access is denied.\r\n");
                }
                wslInstalled = true;
                return out(0, "The requested operation is successful.\r\n");
            }
            case "--set-default-version" -> {
                if (!wslInstalled) {
                    return out(50, notInstalled);
                }
                registry.put(lxss(), Integer.parseInt(argv.get(2)));
                return out(0, "The operation completed successfully.\r\n");
            }
            default -> {
                return out(1, "Invalid command line argument.\r\n");
            }
        }
    }

    static String lxss() {
        return WindowsSourceNames.REG_LXSS + "\\DefaultVersion";
    }

    private Reading<CommandOutput> reg(List<String> argv) {
        String key = argv.get(2) + "\\" + argv.get(4);
        Map<String, String> opts = new HashMap<>();
        for (int i = 3; i + 1 < argv.size(); i++) {
            opts.put(argv.get(i), argv.get(i + 1));
        }
        switch (argv.get(1)) {
            case "query" -> {
                String text = key.equals(WindowsSourceNames.REG_CURRENT_VERSION + "\\EditionID") ? edition
                        : key.equals(WindowsSourceNames.REG_CURRENT_VERSION + "\\CurrentBuildNumber") ? String.valueOf(build) : null;
                if (text != null) {
                    return out(0, "\r\n" + argv.get(2) + "\r\n    " + argv.get(4) + "    REG_SZ    " + text + "\r\n\r\n");
                }
                Integer v = registry.get(key);
                return v == null ? out(1, "ERROR: The system was unable to find the specified registry key or value.\r\n")
                        : out(0, "\r\n" + argv.get(2) + "\r\n    " + argv.get(4) + "    REG_DWORD    0x" + Integer.toHexString(v) + "\r\n\r\n");
            }
            case "add" -> {
                if (!elevated && argv.get(2).startsWith("HKLM")) {
                    return out(1, "ERROR: Access is denied.\r\n");
                }
                registry.put(key, Integer.parseInt(opts.get("/d")));
                return out(0, "The operation completed successfully.\r\n");
            }
            case "delete" -> {
                registry.remove(key);
                return out(0, "The operation completed successfully.\r\n");
            }
            default -> {
                return out(1, "ERROR: Invalid syntax.\r\n");
            }
        }
    }
}
