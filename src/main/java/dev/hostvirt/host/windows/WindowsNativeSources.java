package dev.hostvirt.host.windows;

import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.CommandRunner;
import dev.hostvirt.host.NativeSources;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Windows native sources behind the host port: registry, WMI and the named API values of
 * docs/sources.md. The Win32 work is behind {@link RegistryAccess}, {@link WmiAccess} and
 * {@link WindowsApi} (JNA live, fakes in tests); this class only routes and converts, so that values
 * come out in the shapes a snapshot stores (REG_BINARY as "hex:..", REG_MULTI_SZ as a list, integers
 * as Long) and a recorded machine replays exactly as the live one answered.
 */
public final class WindowsNativeSources implements NativeSources {
    static final String SERVICE_PREFIX = "windows.service.";
    static final String LXSS = "Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";
    private static final Set<String> WMI_CLASSES = Set.of("Win32_OperatingSystem", "Win32_ComputerSystem",
            "Win32_Processor", "Win32_OptionalFeature");

    private final RegistryAccess registry;
    private final WmiAccess wmi;
    private final WindowsApi api;
    private final CommandRunner commands;

    public WindowsNativeSources(RegistryAccess registry, WmiAccess wmi, WindowsApi api, CommandRunner commands) {
        this.registry = registry;
        this.wmi = wmi;
        this.api = api;
        this.commands = commands;
    }

    @Override
    public Reading<Map<String, Object>> registry(String key) {
        int cut = key.indexOf('\\');
        String hive = hive(cut < 0 ? key : key.substring(0, cut));
        if (hive == null || cut < 0) {
            return Reading.unknown("not a HKLM or HKCU key: " + key);
        }
        return safely(() -> registry.values(hive, key.substring(cut + 1)).map(WindowsNativeSources::snapshotShapes));
    }

    @Override
    public Reading<List<Map<String, Object>>> wmi(String namespaceAndClass) {
        int colon = namespaceAndClass.lastIndexOf(':');
        if (colon < 0) {
            return Reading.unknown("expected NAMESPACE:Class, got " + namespaceAndClass);
        }
        String namespace = namespaceAndClass.substring(0, colon);
        String cls = namespaceAndClass.substring(colon + 1);
        if (cls.equals("Win32_DeviceGuard")) {
            return safely(this::deviceGuard);
        }
        if (!WMI_CLASSES.contains(cls) || !namespace.equalsIgnoreCase("ROOT\\CIMV2")) {
            return Reading.unknown("hostvirt does not read " + namespaceAndClass);
        }
        return safely(() -> wmi.instances(namespace, cls).map(list -> {
            List<Map<String, Object>> out = new ArrayList<>();
            list.forEach(m -> out.add(snapshotShapes(m)));
            return out;
        }));
    }

    @Override
    public Reading<Object> value(String name) {
        return safely(() -> switch (name) {
            case "process.elevated" -> api.elevated();
            case "process.elevationType" -> api.elevationType().map(WindowsNativeSources::elevationTypeName);
            case "windows.processorFeature.20" -> api.processorFeature(20);
            case "windows.processorFeature.21" -> api.processorFeature(21);
            case "windows.wsl.distributions" -> wslDistributions();
            case "env.USERPROFILE" -> userProfile();
            default -> name.startsWith(SERVICE_PREFIX)
                    ? api.serviceState(name.substring(SERVICE_PREFIX.length())).map(WindowsNativeSources::serviceStateName)
                    : Reading.unknown("no such value on Windows: " + name);
        });
    }

    /** Read from the environment by name, so a snapshot tells where that machine's .wslconfig is. */
    private static Reading<Object> userProfile() {
        String v = System.getenv("USERPROFILE");
        return v == null || v.isBlank() ? Reading.absent() : Reading.present(v);
    }

    private Reading<List<Map<String, Object>>> deviceGuard() {
        Reading<CommandOutput> r = commands.run(DeviceGuardJson.ARGV);
        if (r instanceof Reading.Present<CommandOutput> p) {
            return p.value().succeeded() ? DeviceGuardJson.parse(p.value().stdout())
                    : Reading.unknown("Get-CimInstance Win32_DeviceGuard exited " + p.value().exit());
        }
        return Reading.unknown("powershell.exe is not available");
    }

    /**
     * The current user's WSL distributions: subkeys {GUID} of HKCU\...\Lxss with DistributionName and
     * Flags, whose bit 0x8 (LXSS_DISTRO_FLAGS_VM_MODE) means WSL 2 (microsoft/WSL LxssUserSession.cpp).
     */
    private Reading<Object> wslDistributions() {
        Reading<Map<String, Object>> root = registry.values("HKCU", LXSS);
        if (root.isAbsent()) {
            return Reading.present(List.of());
        }
        Reading<List<String>> keys = registry.subkeys("HKCU", LXSS);
        if (!(keys instanceof Reading.Present<List<String>> present)) {
            return keys.isAbsent() ? Reading.present(List.of()) : Reading.unknown("cannot list " + LXSS);
        }
        String defaultId = String.valueOf(root.orElse(Map.of()).get("DefaultDistribution"));
        List<Object> out = new ArrayList<>();
        for (String id : present.value()) {
            if (!id.startsWith("{")) {
                continue;
            }
            Map<String, Object> values = registry.values("HKCU", LXSS + "\\" + id).orElse(Map.of());
            Object name = values.get("DistributionName");
            if (name == null) {
                continue;
            }
            long flags = values.get("Flags") instanceof Number n ? n.longValue() : 0;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", String.valueOf(name));
            d.put("version", (flags & 0x8) != 0 ? 2L : 1L);
            d.put("state", values.get("State") instanceof Number n && n.longValue() == 1 ? "Installed" : "Other");
            d.put("default", id.equalsIgnoreCase(defaultId));
            out.add(d);
        }
        return Reading.present(out);
    }

    static String hive(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "HKLM", "HKEY_LOCAL_MACHINE" -> "HKLM";
            case "HKCU", "HKEY_CURRENT_USER" -> "HKCU";
            default -> null;
        };
    }

    static Object elevationTypeName(Object type) {
        if (!(type instanceof Number n)) {
            return null;
        }
        return switch (n.intValue()) {
            case 1 -> "default";
            case 2 -> "full";
            case 3 -> "limited";
            default -> null;
        };
    }

    static Object serviceStateName(Object state) {
        if (!(state instanceof Number n)) {
            return null;
        }
        return switch (n.intValue()) {
            case 1 -> "stopped";
            case 2 -> "start_pending";
            case 3 -> "stop_pending";
            case 4 -> "running";
            case 5 -> "continue_pending";
            case 6 -> "pause_pending";
            case 7 -> "paused";
            default -> null;
        };
    }

    /** Registry/WMI values as a snapshot stores them: byte[] as "hex:..", String[] as a list, integers as Long. */
    static Map<String, Object> snapshotShapes(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : in.entrySet()) {
            Object v = e.getValue();
            if (v instanceof byte[] b) {
                v = "hex:" + HexFormat.of().formatHex(b);
            } else if (v instanceof String[] a) {
                v = List.of(a);
            } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                v = ((Number) v).longValue();
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    /** A native call that throws (JNA missing, COM failure) is an unknown answer, never a crash. */
    private static <T> Reading<T> safely(Supplier<Reading<T>> read) {
        try {
            Reading<T> r = read.get();
            if (r == null || (r instanceof Reading.Present<T> p && p.value() == null)) {
                // A value we could not map (an unknown enum number) is unknown, not "absent".
                return Reading.unknown("no recognisable answer");
            }
            return r;
        } catch (RuntimeException | LinkageError e) {
            return Reading.unknown(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
