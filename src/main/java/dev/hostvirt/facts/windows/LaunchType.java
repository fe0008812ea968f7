package dev.hostvirt.facts.windows;

import java.util.Locale;

/**
 * BCD {@code hypervisorlaunchtype} of the running entry (element 0x250000F0: Off = 0, Auto = 1).
 * ABSENT is a state of its own: the element is not set, so the hypervisor starts only if something
 * else (VBS) asks for it; Docker Desktop's diagnose warns about it (DD0002).
 */
public enum LaunchType {
    AUTO, OFF, ABSENT, UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From bcdedit's value word, which is never translated ("Auto", "Off"). */
    static LaunchType ofWord(String word) {
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "off" -> OFF;
            default -> UNKNOWN;
        };
    }

    /** From the element's integer (WMI BcdIntegerElement or the registry's 8-byte little-endian value). */
    static LaunchType ofInteger(long value) {
        if (value == 0) {
            return OFF;
        }
        return value == 1 ? AUTO : UNKNOWN;
    }
}
