package dev.hostvirt.configure.windows;

import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.FileAction;
import dev.hostvirt.configure.Journal;
import dev.hostvirt.configure.Plan;
import dev.hostvirt.configure.Reboot;
import dev.hostvirt.configure.Step;
import dev.hostvirt.configure.UserInput;
import dev.hostvirt.facts.windows.FeatureState;
import dev.hostvirt.facts.windows.LaunchType;
import dev.hostvirt.facts.windows.WindowsSourceNames;
import dev.hostvirt.host.Reading;
import dev.hostvirt.i18n.Text;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plans Windows switches and enables from the before-state: only what differs becomes a step. */
public final class WindowsPlanner {
    public static final String HYPERV = "Microsoft-Hyper-V-All";
    public static final String VMP = "VirtualMachinePlatform";
    public static final String WSL_FEATURE = "Microsoft-Windows-Subsystem-Linux";
    public static final String CONTAINERS = "Containers";
    public static final String SANDBOX = "Containers-DisposableClientVM";
    /** The keys the detector reads VBS, memory integrity and Credential Guard from: the ones we turn off. */
    static final String HVCI_KEY = WindowsSourceNames.REG_HVCI;
    static final String DEVICE_GUARD_KEY = WindowsSourceNames.REG_DEVICE_GUARD;
    static final String LSA_KEY = WindowsSourceNames.REG_LSA;
    /** WSL 2 on x64 needs Windows 10 1903 (18362); Windows containers 1607 (14393) (windows-anchors 4). */
    static final int BUILD_WSL2 = 18362;
    static final int BUILD_CONTAINERS = 14393;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final WindowsState state;
    private final String stateDir;
    private final Instant now;
    private final WslConfigFile wslConfigFile;
    private final Optional<String> originalLaunchType;

    /**
     * @param originalLaunchType hypervisorlaunchtype of {current} before hostvirt first changed it
     *        (from the journals; see {@link #originalLaunchType(List)}), so `switch hyperv` can delete
     *        the element rather than write Auto where there was none
     */
    public WindowsPlanner(WindowsState state, String stateDir, Instant now, WslConfigFile wslConfigFile,
            Optional<String> originalLaunchType) {
        this.state = state;
        this.stateDir = stateDir;
        this.now = now;
        this.wslConfigFile = wslConfigFile;
        this.originalLaunchType = originalLaunchType;
    }

    public void requireElevated() {
        if (!state.elevated().orElse(false)) {
            throw new ConfigureException(Text.of("configure.windows.need-elevation"), 1);
        }
    }

    /** The before-state of the oldest applied change of {current}'s launch type, if hostvirt ever made one. */
    public static Optional<String> originalLaunchType(List<Journal> newestFirst) {
        Optional<String> found = Optional.empty();
        for (Journal j : newestFirst) {
            if (j.status() != Journal.Status.APPLIED) {
                continue;
            }
            for (Journal.Entry e : j.entries()) {
                if (e.step().kind().equals(WindowsActions.BCD_VALUE) && "{current}".equals(e.step().params().get("entry"))
                        && e.before() != null && e.state() == Journal.StepState.DONE) {
                    found = Optional.of(e.before());
                }
            }
        }
        return found;
    }

    public Plan switchTo(String target, String bootEntry, boolean turnOffVbs) {
        return switch (target) {
            case "virtualbox", "vmware" -> awayFromHyperv(target, bootEntry, turnOffVbs);
            case "hyperv" -> {
                if (bootEntry != null) {
                    throw new ConfigureException(Text.of("configure.error.boot-entry-only-off"), 2);
                }
                require64Bit(target);
                yield toHyperv();
            }
            default -> throw new ConfigureException(Text.of("configure.error.target-platform", target, "windows", "virtualbox, vmware, hyperv"), 2);
        };
    }

    private String backupFile() {
        return stateDir + "\\bcd-backup-" + STAMP.format(now) + ".bcd";
    }

    private Plan awayFromHyperv(String target, String bootEntry, boolean turnOffVbs) {
        List<Step> steps = new ArrayList<>();
        List<Text> notes = new ArrayList<>();
        String name = bootEntry == null ? null : UserInput.bootEntryName(bootEntry);
        boolean security = state.securityRunning().orElse(false);
        if (security && !turnOffVbs) {
            throw new ConfigureException(Text.of("configure.windows.vbs-running"), 1);
        }
        if (state.securityRunning().isEmpty()) {
            notes.add(Text.of("configure.note.vbs-unknown"));
        }
        if (name == null && state.launchType() == LaunchType.OFF && !security) {
            return new Plan("switch " + target, steps, List.of(Text.of("configure.note.already-off")));
        }
        steps.add(WindowsActions.exportBcd(backupFile()));
        if (security) {
            steps.addAll(securityOff(state.hypervisorPinnedBy().orElse(List.of())));
            notes.add(Text.of("configure.note.lowers-security"));
        }
        if (name == null) {
            if (state.launchType() != LaunchType.OFF) {
                steps.add(WindowsActions.launchType("{current}", "Off", Text.of("configure.why.launch-off", target)));
            }
        } else {
            steps.add(WindowsActions.copyEntryWithoutHypervisor(name));
            notes.add(Text.of("configure.note.pick-at-boot", name));
        }
        if (state.launchType() == LaunchType.UNKNOWN) {
            notes.add(Text.of("configure.note.bcd-unreadable"));
        }
        notes.add(Text.of(name == null ? "configure.note.stops-working" : "configure.note.stops-working-entry", name == null ? "" : name));
        return new Plan("switch " + target, steps, notes);
    }

    /**
     * The registry half of DG_Readiness_Tool -Disable (windows-anchors 1.10) for what is on, as check
     * names it: a switch that is off is left alone (the plan turned all three off, each "because of
     * memory integrity"). UEFI-locked settings need the SecConfig.efi opt-out at boot.
     */
    private List<Step> securityOff(List<String> pinnedBy) {
        List<Step> steps = new ArrayList<>();
        if (pinnedBy.contains("memory-integrity")) {
            steps.add(WindowsActions.registryDword(HVCI_KEY, "Enabled", 0, Text.of("configure.step.hvci-off"),
                    Text.of("configure.why.hvci-off")));
        }
        if (pinnedBy.contains("vbs") || state.vbsSwitchedOn()) {
            steps.add(WindowsActions.registryDword(DEVICE_GUARD_KEY, "EnableVirtualizationBasedSecurity", 0,
                    Text.of("configure.step.vbs-off"), Text.of("configure.why.vbs-off")));
        }
        if (pinnedBy.contains("credential-guard")) {
            steps.add(WindowsActions.registryDword(LSA_KEY, "LsaCfgFlags", 0, Text.of("configure.step.credential-guard-off"),
                    Text.of("configure.why.credential-guard-off")));
        }
        return steps;
    }

    private Plan toHyperv() {
        List<Step> steps = new ArrayList<>();
        List<Text> notes = new ArrayList<>();
        steps.addAll(hypervisorBack());
        steps.addAll(features(state.home() ? List.of(VMP) : List.of(HYPERV), notes));
        if (state.home()) {
            notes.add(Text.of("configure.note.home-no-hyperv"));
        }
        return new Plan("switch hyperv", steps, notes);
    }

    /**
     * The Windows hypervisor launched again (a BCD backup first) when it is off, or not known to be
     * on: WSL 2, Hyper-V and containers all run on it. UNKNOWN (bcdedit unreadable in a dry run) is
     * planned, and skipped at apply time if already right.
     */
    private List<Step> hypervisorBack() {
        LaunchType now = state.launchType();
        if (now != LaunchType.OFF && now != LaunchType.UNKNOWN) {
            return List.of();
        }
        String want = originalLaunchType.filter("absent"::equals).isPresent() ? "absent" : "Auto";
        return List.of(WindowsActions.exportBcd(backupFile()), WindowsActions.launchType("{current}", want,
                Text.of(want.equals("absent") ? "configure.why.launch-absent" : "configure.why.launch-auto")));
    }

    public Plan enable(String target, Map<String, String> wslconfig) {
        return enable(target, wslconfig, true);
    }

    /** {@code launchHypervisor} false: the launch type is left as it is (a profile's mode decides it). */
    public Plan enable(String target, Map<String, String> wslconfig, boolean launchHypervisor) {
        List<Step> steps = new ArrayList<>();
        List<Text> notes = new ArrayList<>();
        switch (target) {
            case "wsl2", "containers" -> {
                require64Bit(target);
                requireBuild(BUILD_WSL2, target);
                // After `switch virtualbox` the hypervisor is off, and WSL 2 cannot start without it:
                // the plan only enabled the features, and WSL 2 still failed once it was applied.
                if (launchHypervisor) {
                    steps.addAll(hypervisorBack());
                }
                steps.addAll(features(List.of(VMP, WSL_FEATURE), notes));
                Optional<Boolean> wsl = state.wslInstalled();
                if (wsl.isEmpty()) {
                    // Not captured is not missing: a plan must never reinstall a WSL that may be working.
                    notes.add(Text.of("configure.note.wsl-unknown"));
                } else if (!wsl.get()) {
                    steps.add(WindowsActions.installWsl());
                }
                if (state.wslDefaultVersion().map(v -> v != 2).orElse(true)) {
                    steps.add(WindowsActions.wslDefaultVersion2());
                }
                steps.addAll(wslconfig(wslconfig, notes));
                if (target.equals("containers")) {
                    notes.add(Text.of("configure.note.containers-engine"));
                }
            }
            case "hyperv" -> steps.addAll(proOnly(target, List.of(HYPERV), 0, launchHypervisor, notes));
            case "windows-containers" -> steps.addAll(proOnly(target, List.of(CONTAINERS, HYPERV), BUILD_CONTAINERS, launchHypervisor, notes));
            case "sandbox" -> steps.addAll(proOnly(target, List.of(SANDBOX), BUILD_WSL2, launchHypervisor, notes));
            default -> throw new ConfigureException(Text.of("configure.error.target-platform", target, "windows",
                    "wsl2, hyperv, windows-containers, sandbox, containers"), 2);
        }
        return new Plan("enable " + target, steps, notes);
    }

    private List<Step> proOnly(String target, List<String> features, int build, boolean launchHypervisor, List<Text> notes) {
        // First: on 32-bit Windows no edition has these, so "upgrade from Home" would be wrong advice.
        require64Bit(target);
        if (state.home()) {
            // Refused as a too-old build is (exit 1): "nothing to change" and 0 let
            // `enable sandbox --apply && echo ok` report success on Home.
            throw new ConfigureException(Text.of("configure.windows.edition-lacks", target), 1);
        }
        if (build > 0) {
            requireBuild(build, target);
        }
        // All three run on the Windows hypervisor, as `check` says (windows.launchtype): with the
        // features already on and the launch type Off, the plan said "nothing to change".
        List<Step> steps = new ArrayList<>(launchHypervisor ? hypervisorBack() : List.of());
        steps.addAll(features(features, notes));
        return steps;
    }

    /**
     * Refused (1) before any step: 32-bit Windows has none of these features, so a plan would only
     * list dism calls that fail and a `wsl --install` that cannot run, and no edition upgrade helps.
     */
    private void require64Bit(String target) {
        if (Boolean.FALSE.equals(state.os64().orElse(null))) {
            throw new ConfigureException(Text.of("configure.windows.needs-64bit", target), 1);
        }
    }

    private void requireBuild(int min, String target) {
        Optional<Integer> b = state.build();
        if (b.isPresent() && b.get() < min) {
            throw new ConfigureException(Text.of("configure.windows.build-too-old", target, min, b.get()), 1);
        }
    }

    private List<Step> features(List<String> names, List<Text> notes) {
        List<Step> steps = new ArrayList<>();
        for (String f : names) {
            FeatureState s = state.feature(f);
            if (s == FeatureState.ABSENT) {
                notes.add(Text.of("configure.note.feature-absent", f));
            } else if (s != FeatureState.ENABLED) {
                steps.add(WindowsActions.enableFeature(f, Text.of("configure.why.feature." + f)));
            }
        }
        return steps;
    }

    /** One file step that sets every requested [wsl2] key that differs, or none. */
    public List<Step> wslconfig(Map<String, String> wanted, List<Text> notes) {
        if (wanted == null || wanted.isEmpty()) {
            return List.of();
        }
        String path = wslConfigFile.require();
        Reading<String> before = state.file(path);
        if (before.isUnknown()) {
            // A snapshot holds no .wslconfig: the step shows only the keys to set, and on that machine
            // the apply reads the real file and keeps its other lines.
            notes.add(Text.of("configure.note.wslconfig-unknown", path));
        }
        String text = before.orElse("");
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(wanted).entrySet()) {
            String key = WslConfigEditor.key(e.getKey());
            Optional<Integer> build = state.build();
            if (key.equals(WslConfigEditor.VM_IDLE_TIMEOUT) && build.isPresent() && build.get() < WslConfigEditor.WINDOWS_11) {
                notes.add(Text.of("configure.note.wslconfig-windows11", key, build.get()));
            }
            String value = WslConfigEditor.value(key, e.getValue());
            if (!value.equals(WslConfigEditor.current(text, key))) {
                text = WslConfigEditor.set(text, key, value);
                changed.add(key + "=" + value);
            }
        }
        if (changed.isEmpty()) {
            return List.of();
        }
        return List.of(FileAction.write(path, text, Text.of("configure.step.wslconfig", path, String.join(", ", changed)),
                Text.of("configure.why.wslconfig"), Reboot.NONE));
    }
}
