package dev.hostvirt.configure;

import dev.hostvirt.configure.linux.FactsLinuxState;
import dev.hostvirt.configure.linux.LinuxPlanner;
import dev.hostvirt.configure.profile.Profile;
import dev.hostvirt.configure.windows.FactsWindowsState;
import dev.hostvirt.configure.windows.WindowsPlanner;
import dev.hostvirt.configure.windows.WslConfigFile;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.i18n.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans for the platform of a host, live or recorded. {@code machine} is null when planning for a
 * snapshot: nothing is then read from this computer (not even its journals).
 */
public final class Configurator {
    private final Host host;
    private final Machine machine;
    private final Instant now;
    private final Map<String, String> env;

    public Configurator(Host host, Machine machine, Instant now, Map<String, String> env) {
        this.host = host;
        this.machine = machine;
        this.now = now;
        this.env = Map.copyOf(env);
    }

    public String os() {
        return host.platform().os();
    }

    private LinuxPlanner linux() {
        return new LinuxPlanner(new FactsLinuxState(host));
    }

    private WindowsPlanner windows() {
        String stateDir = machine != null ? machine.stateDir() : Machine.windowsStateDir(env.get("ProgramData"));
        Optional<String> original = machine == null ? Optional.empty()
                : WindowsPlanner.originalLaunchType(new JournalStore(machine).list());
        FactsWindowsState state = new FactsWindowsState(host);
        // A snapshot's plan takes the recorded user's profile: this computer's would name another machine's file.
        WslConfigFile wslConfig = machine == null ? state.recordedWslConfig() : WslConfigFile.inProfile(env.get("USERPROFILE"));
        return new WindowsPlanner(state, stateDir, now, wslConfig, original);
    }

    /** Elevation is checked before any step runs, with the platform's own advice. */
    public void requireElevation() {
        switch (os()) {
            case HostPlatform.LINUX -> linux().requireRoot();
            case HostPlatform.WINDOWS -> windows().requireElevated();
            default -> {
            }
        }
    }

    public Plan switchTo(String target, String bootEntry, String kvmGroupUser, boolean turnOffVbs) {
        return switch (os()) {
            case HostPlatform.LINUX -> {
                if (bootEntry != null || turnOffVbs) {
                    throw new ConfigureException(Text.of("configure.error.windows-only-option"), 2);
                }
                yield linux().switchTo(target, kvmGroupUser);
            }
            case HostPlatform.WINDOWS -> {
                if (kvmGroupUser != null) {
                    throw new ConfigureException(Text.of("configure.error.kvm-group-only-kvm"), 2);
                }
                yield windows().switchTo(target, bootEntry, turnOffVbs);
            }
            default -> new Plan("switch " + target, List.of(), List.of(Text.of("configure.macos.nothing-to-switch")));
        };
    }

    public Plan enable(String target, String user, Map<String, String> wslconfig) {
        return enable(target, user, wslconfig, true);
    }

    /** {@code launchHypervisor} false: a profile's own hypervisor mode decides Windows' launch type. */
    private Plan enable(String target, String user, Map<String, String> wslconfig, boolean launchHypervisor) {
        return switch (os()) {
            case HostPlatform.LINUX -> {
                if (!wslconfig.isEmpty()) {
                    throw new ConfigureException(Text.of("configure.error.windows-only-option"), 2);
                }
                yield linux().enable(target, user == null ? env.get("SUDO_USER") : user);
            }
            case HostPlatform.WINDOWS -> windows().enable(target, wslconfig, launchHypervisor);
            default -> throw new ConfigureException(Text.of("configure.macos.enable-unsupported", target), 2);
        };
    }

    /** The union of the profile's parts, each planned from the same before-state; equal steps once. */
    public Plan profile(Profile p, String name) {
        List<Plan> parts = new ArrayList<>();
        if (p.mode() != null) {
            boolean linux = os().equals(HostPlatform.LINUX);
            parts.add(switchTo(p.mode(), p.bootEntry(), linux && p.mode().equals("kvm") ? p.user() : null, false));
        }
        boolean wslDone = false;
        for (String f : p.features()) {
            boolean carriesWsl = os().equals(HostPlatform.WINDOWS) && (f.equals("wsl2") || f.equals("containers"));
            // With a mode, the switch sets the launch type: WSL's features must not undo it (a
            // profile of mode=virtualbox and wsl2=on turned it off and on at every apply).
            parts.add(enable(f, p.user(), carriesWsl && !wslDone ? p.wslconfig() : Map.of(), p.mode() == null));
            wslDone |= carriesWsl;
        }
        if (!wslDone && !p.wslconfig().isEmpty()) {
            if (!os().equals(HostPlatform.WINDOWS)) {
                throw new ConfigureException(Text.of("configure.error.windows-only-option"), 2);
            }
            List<Text> notes = new ArrayList<>();
            parts.add(new Plan("wslconfig", windows().wslconfig(p.wslconfig(), notes), notes));
        }
        Map<String, Step> steps = new LinkedHashMap<>();
        LinkedHashSet<Text> notes = new LinkedHashSet<>();
        for (Plan part : parts) {
            for (Step s : part.steps()) {
                steps.putIfAbsent(s.kind() + s.params(), s);
            }
            notes.addAll(part.notes());
        }
        return new Plan("apply " + name, List.copyOf(steps.values()), List.copyOf(notes));
    }
}
