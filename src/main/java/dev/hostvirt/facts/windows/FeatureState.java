package dev.hostvirt.facts.windows;

import java.util.Locale;

/** An optional feature's state: Win32_OptionalFeature.InstallState 1 enabled, 2 disabled, 3 absent. */
public enum FeatureState {
    ENABLED, DISABLED, ABSENT, UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FeatureState ofInstallState(long installState) {
        return switch ((int) installState) {
            case 1 -> ENABLED;
            case 2 -> DISABLED;
            case 3 -> ABSENT;
            default -> UNKNOWN;
        };
    }

    /** Microsoft.Dism.Commands.FeatureState names; a pending change counts as its current state. */
    static FeatureState ofPowerShellState(String state) {
        if (state == null) {
            return UNKNOWN;
        }
        return switch (state.strip()) {
            case "Enabled", "DisablePending" -> ENABLED;
            case "Disabled", "EnablePending" -> DISABLED;
            case "DisabledWithPayloadRemoved" -> ABSENT;
            default -> UNKNOWN;
        };
    }
}
