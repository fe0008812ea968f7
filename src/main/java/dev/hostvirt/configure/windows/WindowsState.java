package dev.hostvirt.configure.windows;

import java.util.Optional;

/**
 * The before-state the Windows configurator plans from. Small on purpose so that the Windows
 * detector's facts can back it later; {@link HostWindowsState} reads it through the host port.
 */
public interface WindowsState {
    /** hypervisorlaunchtype of {current}; UNKNOWN when bcdedit could not be read (not elevated). */
    LaunchType launchType();

    /** VBS, memory integrity (HVCI) or Credential Guard running: empty when unknown. */
    Optional<Boolean> securityRunning();

    Optional<Integer> sku();

    Optional<Integer> build();

    FeatureState feature(String name);

    Optional<Boolean> elevated();

    /** Whether wsl.exe --status succeeds (exit code only: its text is translated). */
    Optional<Boolean> wslInstalled();

    /** HKCU\...\Lxss DefaultVersion, via reg.exe query: empty when unset or unknown. */
    Optional<Integer> wslDefaultVersion();

    /** A user file such as %USERPROFILE%\.wslconfig; empty when absent. */
    Optional<String> file(String path);

    /** Home editions (PRODUCT_CORE*, windows-anchors 2): no Hyper-V, containers or Sandbox. */
    default boolean home() {
        return sku().map(s -> s == 98 || s == 99 || s == 100 || s == 101).orElse(false);
    }
}
