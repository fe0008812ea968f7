package dev.hostvirt.configure.windows;

/** Win32_OptionalFeature.InstallState: 1 enabled, 2 disabled, 3 absent (the edition lacks it). */
public enum FeatureState {
    ENABLED, DISABLED, ABSENT, UNKNOWN;

    public static FeatureState ofInstallState(Object v) {
        String s = String.valueOf(v).trim();
        return switch (s) {
            case "1" -> ENABLED;
            case "2" -> DISABLED;
            case "3" -> ABSENT;
            default -> UNKNOWN;
        };
    }

    /**
     * The State line of {@code dism /English /Get-FeatureInfo}: English because /English forces it
     * (windows-anchors 3); "Enable Pending" counts as enabled (done, waiting for the reboot).
     */
    public static FeatureState ofDism(String output) {
        for (String line : output.replace("\r", "").split("\n")) {
            String[] kv = line.split(":", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("State")) {
                String v = kv[1].trim().toLowerCase(java.util.Locale.ROOT);
                if (v.equals("enabled") || v.equals("enable pending")) {
                    return ENABLED;
                }
                if (v.startsWith("disabled") || v.equals("disable pending")) {
                    return DISABLED;
                }
            }
        }
        return UNKNOWN;
    }
}
