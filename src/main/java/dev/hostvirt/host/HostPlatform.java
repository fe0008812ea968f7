package dev.hostvirt.host;

import java.util.Locale;

/** The operating system family and CPU architecture a host (live or recorded) reports. */
public record HostPlatform(String os, String arch) {
    public static final String LINUX = "linux";
    public static final String WINDOWS = "windows";
    public static final String MACOS = "macos";

    /** The platform of the JVM we run in, named as snapshots name it. */
    public static HostPlatform current() {
        return new HostPlatform(osFromName(System.getProperty("os.name", "")),
                normalizeArch(System.getProperty("os.arch", "")));
    }

    static String osFromName(String osName) {
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.startsWith("windows")) {
            return WINDOWS;
        }
        if (n.startsWith("mac") || n.startsWith("darwin")) {
            return MACOS;
        }
        return LINUX;
    }

    public static String normalizeArch(String arch) {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch.toLowerCase(Locale.ROOT);
        };
    }
}
