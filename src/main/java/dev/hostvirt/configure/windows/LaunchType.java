package dev.hostvirt.configure.windows;

import java.util.Locale;

/** BCD element hypervisorlaunchtype (0x250000F0): 0 Off, 1 Auto, or not set at all. */
public enum LaunchType {
    OFF, AUTO, ABSENT, UNKNOWN;

    static LaunchType of(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "auto" -> AUTO;
            default -> UNKNOWN;
        };
    }

    /** The word bcdedit /set takes. */
    public String bcdValue() {
        return this == OFF ? "Off" : "Auto";
    }
}
