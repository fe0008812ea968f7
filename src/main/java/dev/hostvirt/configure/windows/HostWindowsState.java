package dev.hostvirt.configure.windows;

import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link WindowsState} read through the host port, from language-neutral sources only. */
public final class HostWindowsState implements WindowsState {
    static final String DEVICE_GUARD = "ROOT\\Microsoft\\Windows\\DeviceGuard:Win32_DeviceGuard";
    static final String OPERATING_SYSTEM = "ROOT\\CIMV2:Win32_OperatingSystem";
    static final String OPTIONAL_FEATURE = "ROOT\\CIMV2:Win32_OptionalFeature";
    static final String LXSS = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";
    /** The High Mandatory Level SID: present in the token only when elevated (not localized). */
    static final String HIGH_INTEGRITY = "S-1-16-12288";
    static final String CURRENT_VERSION = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    /** dism's "feature name is unknown" (CBS_E_UNKNOWN_UPDATE): this Windows does not offer the feature. */
    static final int DISM_UNKNOWN_FEATURE = 0x800f080c;
    private static final Pattern REG_DWORD = Pattern.compile("REG_DWORD\\s+0x([0-9a-fA-F]{1,8})\\b");
    private static final Pattern REG_SZ = Pattern.compile("REG_SZ[ \\t]+(\\S[^\\r\\n]*)");

    private final Host host;

    public HostWindowsState(Host host) {
        this.host = host;
    }

    @Override
    public LaunchType launchType() {
        Reading<CommandOutput> r = host.command(WindowsActions.BCDEDIT, "/enum", "{current}", "/v");
        if (r instanceof Reading.Present<CommandOutput> p && p.value().exit() == 0) {
            return BcdParser.launchType(p.value().stdout());
        }
        return LaunchType.UNKNOWN;
    }

    @Override
    public Optional<Boolean> securityRunning() {
        Reading<List<Map<String, Object>>> r = host.wmi(DEVICE_GUARD);
        if (!(r instanceof Reading.Present<List<Map<String, Object>>> p) || p.value().isEmpty()) {
            return securityConfigured();
        }
        Map<String, Object> dg = p.value().get(0);
        // SecurityServicesRunning: 1 Credential Guard, 2 HVCI; VirtualizationBasedSecurityStatus 2 = running.
        boolean running = "2".equals(String.valueOf(dg.get("VirtualizationBasedSecurityStatus")).trim());
        Object services = dg.get("SecurityServicesRunning");
        if (services instanceof Collection<?> c) {
            for (Object s : c) {
                String v = String.valueOf(s).trim();
                running |= v.equals("1") || v.equals("2");
            }
        }
        return Optional.of(running);
    }

    /**
     * Without WMI: the registry switches DG_Readiness_Tool reads (windows-anchors 1.10). Configured is
     * taken as running: after a boot it is, and refusing wrongly is the safe mistake here.
     */
    private Optional<Boolean> securityConfigured() {
        Optional<Integer> hvci = dword(WindowsPlanner.HVCI_KEY, "Enabled");
        Optional<Integer> vbs = dword(WindowsPlanner.DEVICE_GUARD_KEY, "EnableVirtualizationBasedSecurity");
        Optional<Integer> cg = dword(WindowsPlanner.LSA_KEY, "LsaCfgFlags");
        if (hvci.isEmpty() && vbs.isEmpty() && cg.isEmpty() && !regReadable()) {
            return Optional.empty();
        }
        return Optional.of(hvci.orElse(0) != 0 || vbs.orElse(0) != 0 || cg.orElse(0) != 0);
    }

    private boolean regReadable() {
        return regString(CURRENT_VERSION, "CurrentBuildNumber").isPresent();
    }

    private Optional<Integer> dword(String key, String name) {
        Reading<CommandOutput> r = host.command("reg.exe", "query", key, "/v", name);
        return r instanceof Reading.Present<CommandOutput> p && p.value().exit() == 0 ? parseDword(p.value().stdout()) : Optional.empty();
    }

    private Optional<String> regString(String key, String name) {
        Reading<CommandOutput> r = host.command("reg.exe", "query", key, "/v", name);
        if (r instanceof Reading.Present<CommandOutput> p && p.value().exit() == 0) {
            Matcher m = REG_SZ.matcher(p.value().stdout());
            return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Home editions: SKU from WMI, else EditionID "Core*" (Core, CoreN, CoreSingleLanguage, CoreCountrySpecific). */
    @Override
    public boolean home() {
        Optional<Integer> sku = sku();
        if (sku.isPresent()) {
            return WindowsState.super.home();
        }
        return regString(CURRENT_VERSION, "EditionID").map(e -> e.startsWith("Core")).orElse(false);
    }

    private Optional<Map<String, Object>> os() {
        Reading<List<Map<String, Object>>> r = host.wmi(OPERATING_SYSTEM);
        return r instanceof Reading.Present<List<Map<String, Object>>> p && !p.value().isEmpty()
                ? Optional.of(p.value().get(0)) : Optional.empty();
    }

    @Override
    public Optional<Integer> sku() {
        return os().flatMap(o -> integer(o.get("OperatingSystemSKU")));
    }

    @Override
    public Optional<Integer> build() {
        Optional<Integer> wmi = os().flatMap(o -> integer(o.get("BuildNumber")));
        return wmi.isPresent() ? wmi : regString(CURRENT_VERSION, "CurrentBuildNumber").flatMap(HostWindowsState::integer);
    }

    private static Optional<Integer> integer(Object v) {
        try {
            return v == null ? Optional.empty() : Optional.of(Integer.parseInt(String.valueOf(v).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public FeatureState feature(String name) {
        Reading<List<Map<String, Object>>> r = host.wmi(OPTIONAL_FEATURE);
        if (!(r instanceof Reading.Present<List<Map<String, Object>>> p)) {
            return featureFromDism(name);
        }
        for (Map<String, Object> f : p.value()) {
            if (name.equalsIgnoreCase(String.valueOf(f.get("Name")))) {
                return FeatureState.ofInstallState(f.get("InstallState"));
            }
        }
        return FeatureState.ABSENT;
    }

    /** Without WMI: dism with /English (elevated only); exit 0x800f080c means the feature does not exist here. */
    private FeatureState featureFromDism(String name) {
        Reading<CommandOutput> r = host.command(WindowsActions.DISM, "/Online", "/English", "/Get-FeatureInfo", "/FeatureName:" + name);
        if (r instanceof Reading.Present<CommandOutput> p) {
            if (p.value().exit() == DISM_UNKNOWN_FEATURE) {
                return FeatureState.ABSENT;
            }
            if (p.value().exit() == 0) {
                return FeatureState.ofDism(p.value().stdout());
            }
        }
        return FeatureState.UNKNOWN;
    }

    @Override
    public Optional<Boolean> elevated() {
        Reading<CommandOutput> r = host.command("whoami.exe", "/groups");
        if (r instanceof Reading.Present<CommandOutput> p && p.value().exit() == 0) {
            return Optional.of(p.value().stdout().contains(HIGH_INTEGRITY));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Boolean> wslInstalled() {
        Reading<CommandOutput> r = host.command(WindowsActions.WSL, "--status");
        if (r.isAbsent()) {
            return Optional.of(false);
        }
        return r instanceof Reading.Present<CommandOutput> p ? Optional.of(p.value().exit() == 0) : Optional.empty();
    }

    @Override
    public Optional<Integer> wslDefaultVersion() {
        Reading<CommandOutput> r = host.command("reg.exe", "query", LXSS, "/v", "DefaultVersion");
        if (r instanceof Reading.Present<CommandOutput> p && p.value().exit() == 0) {
            return parseDword(p.value().stdout());
        }
        return Optional.empty();
    }

    /** reg.exe query prints "    Name    REG_DWORD    0x2": type names and hex are not translated. */
    public static Optional<Integer> parseDword(String regQueryOutput) {
        Matcher m = REG_DWORD.matcher(regQueryOutput == null ? "" : regQueryOutput);
        return m.find() ? Optional.of((int) Long.parseLong(m.group(1), 16)) : Optional.empty();
    }

    @Override
    public Optional<String> file(String path) {
        Reading<String> r = host.file(path);
        return r.isPresent() ? Optional.of(r.orElse("")) : Optional.empty();
    }
}
