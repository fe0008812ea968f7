package dev.hostvirt.configure.windows;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.windows.Edition;
import dev.hostvirt.facts.windows.FeatureState;
import dev.hostvirt.facts.windows.LaunchType;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.facts.windows.WslDistro;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link WindowsState} answered by the Windows detector's facts, so the plan and `hostvirt check` see
 * one launch type, one edition, one VBS state, one feature list. Two reads stay the configurator's
 * own, each because detection answers a different question (see the methods).
 */
public final class FactsWindowsState implements WindowsState {
    private final WindowsFacts facts;
    private final Host host;

    public FactsWindowsState(WindowsFacts facts) {
        this.facts = facts;
        this.host = facts.host();
    }

    public FactsWindowsState(Host host) {
        this(new WindowsFacts(host));
    }

    @Override
    public LaunchType launchType() {
        Fact<LaunchType> t = facts.boot().launchType();
        return t.known() ? t.value() : LaunchType.UNKNOWN;
    }

    @Override
    public Optional<List<String>> hypervisorPinnedBy() {
        return Optional.ofNullable(facts.security().hypervisorPinnedBy());
    }

    @Override
    public boolean vbsSwitchedOn() {
        Reading<Map<String, Object>> key = host.registry(WindowsPlanner.DEVICE_GUARD_KEY);
        return key instanceof Reading.Present<Map<String, Object>> p
                && p.value().get("EnableVirtualizationBasedSecurity") instanceof Number n && n.longValue() == 1;
    }

    @Override
    public Edition edition() {
        Edition e = facts.edition().value();
        return e == null ? Edition.UNKNOWN : e;
    }

    @Override
    public Optional<Integer> build() {
        return Optional.ofNullable(facts.build().value());
    }

    @Override
    public Optional<Boolean> os64() {
        return Optional.ofNullable(facts.os64().value());
    }

    /**
     * The detector's Win32_OptionalFeature answer; without a WMI provider, dism /Get-FeatureInfo (the
     * tool the feature step uses anyway), which detection does not run: it needs elevation.
     */
    @Override
    public FeatureState feature(String name) {
        Fact<FeatureState> f = facts.features().feature(name);
        if (f.known()) {
            return f.value();
        }
        Reading<CommandOutput> r = host.command(WindowsActions.DISM, "/Online", "/English", "/Get-FeatureInfo", "/FeatureName:" + name);
        if (r instanceof Reading.Present<CommandOutput> p) {
            if (p.value().exit() == DismFeatureInfo.UNKNOWN_FEATURE) {
                return FeatureState.ABSENT;
            }
            if (p.value().exit() == 0) {
                return DismFeatureInfo.state(p.value().stdout());
            }
        }
        return FeatureState.UNKNOWN;
    }

    @Override
    public Optional<Boolean> elevated() {
        return Optional.ofNullable(facts.elevated().value());
    }

    /**
     * Not the detector's wsl.installed, which is true as soon as the optional feature is on: the planner
     * must know whether `wsl --install` ran, and only wsl.exe itself answers that (its exit code, as
     * its text is translated). wsl.exe not found is "no"; its answer not captured (a snapshot without
     * it, a run that timed out) is not: then a working wsl.exe shows otherwise, through `wsl --version`
     * (only the WSL that `wsl --install` sets up has it) or registered distributions, else unknown.
     */
    @Override
    public Optional<Boolean> wslInstalled() {
        Reading<CommandOutput> r = host.command(WindowsActions.WSL, "--status");
        if (r.isAbsent()) {
            return Optional.of(false);
        }
        if (r instanceof Reading.Present<CommandOutput> p) {
            return Optional.of(p.value().exit() == 0);
        }
        List<WslDistro> distros = facts.wsl().distributions().orElse(List.of());
        return facts.wsl().version().known() || !distros.isEmpty() ? Optional.of(true) : Optional.empty();
    }

    @Override
    public Optional<Integer> wslDefaultVersion() {
        return Optional.ofNullable(facts.wsl().defaultVersion().value());
    }

    @Override
    public Reading<String> file(String path) {
        return host.file(path);
    }

    /** Where the recorded (or live) user's .wslconfig is, from the env.USERPROFILE value. */
    public WslConfigFile recordedWslConfig() {
        return WslConfigFile.recorded(facts.wsl().configFile());
    }
}
