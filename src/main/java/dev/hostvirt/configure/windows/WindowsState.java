package dev.hostvirt.configure.windows;

import dev.hostvirt.facts.windows.Edition;
import dev.hostvirt.facts.windows.FeatureState;
import dev.hostvirt.facts.windows.LaunchType;
import dev.hostvirt.host.Reading;
import java.util.List;
import java.util.Optional;

/**
 * The before-state the Windows configurator plans from: an interface so planners can be tested on
 * their own; {@link FactsWindowsState} answers it from the Windows detector's facts.
 */
public interface WindowsState {
    /** hypervisorlaunchtype of the booted entry; UNKNOWN when it could not be read (not elevated). */
    LaunchType launchType();

    /**
     * What keeps the hypervisor running whatever the launch type, as `check` names it
     * ({@code memory-integrity}, {@code credential-guard}, {@code vbs}): empty when unknown.
     */
    Optional<List<String>> hypervisorPinnedBy();

    /**
     * VBS switched on by its own registry value (EnableVirtualizationBasedSecurity 1, as Group Policy
     * sets it): it keeps VBS running after memory integrity is off, so it is turned off as well.
     */
    boolean vbsSwitchedOn();

    /** VBS, memory integrity (HVCI) or Credential Guard keeps the hypervisor running: empty when unknown. */
    default Optional<Boolean> securityRunning() {
        return hypervisorPinnedBy().map(by -> !by.isEmpty());
    }

    Edition edition();

    Optional<Integer> build();

    /** Whether Windows itself is 64-bit (x64 or ARM64): empty when no source tells. */
    Optional<Boolean> os64();

    FeatureState feature(String name);

    Optional<Boolean> elevated();

    /**
     * Whether wsl.exe --status succeeds (exit code only: its text is translated); false when wsl.exe
     * does not exist, empty when its answer is not known (never taken as "missing").
     */
    Optional<Boolean> wslInstalled();

    /** HKCU\...\Lxss DefaultVersion: empty when unset or unknown. */
    Optional<Integer> wslDefaultVersion();

    /** A user file such as %USERPROFILE%\.wslconfig: present, absent, or unknown (not in a snapshot). */
    Reading<String> file(String path);

    /** Home editions (PRODUCT_CORE*, windows-anchors 2): no Hyper-V, containers or Sandbox. */
    default boolean home() {
        return edition() == Edition.HOME;
    }
}
