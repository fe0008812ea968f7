package dev.hostvirt.configure.windows;

import dev.hostvirt.facts.windows.FeatureState;
import java.util.Locale;

/**
 * The State line of {@code dism /Online /English /Get-FeatureInfo}: how a feature step is read back
 * (dism is the step's own tool) and the planner's source when no WMI provider answers. English because
 * /English forces it (windows-anchors 3); "Enable Pending" counts as enabled (done, waiting for the reboot).
 */
public final class DismFeatureInfo {
    /** dism's "feature name is unknown" (CBS_E_UNKNOWN_UPDATE): this Windows does not offer the feature. */
    static final int UNKNOWN_FEATURE = 0x800f080c;

    private DismFeatureInfo() {
    }

    public static FeatureState state(String output) {
        for (String line : (output == null ? "" : output).replace("\r", "").split("\n")) {
            String[] kv = line.split(":", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("State")) {
                String v = kv[1].trim().toLowerCase(Locale.ROOT);
                if (v.equals("enabled") || v.equals("enable pending")) {
                    return FeatureState.ENABLED;
                }
                if (v.startsWith("disabled") || v.equals("disable pending")) {
                    return FeatureState.DISABLED;
                }
            }
        }
        return FeatureState.UNKNOWN;
    }
}
