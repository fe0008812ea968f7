package dev.hostvirt.engine.wsl;

/**
 * Where hostvirt's distro lives. {@code stateDir} holds the distro's ext4.vhdx (under distro\) and,
 * only during an upgrade, the export that backs it up; {@code tarball} is the rootfs built by
 * windows/build-distro.sh and shipped beside hostvirt; {@code version} is this hostvirt's version,
 * which the shipped tarball carries in /opt/hostvirt/VERSION.
 */
public record WslSettings(String distro, String stateDir, String tarball, String version) {
    public static final String DISTRO = "hostvirt";
    public static final String HOSTVIRT_IN_DISTRO = "/opt/hostvirt/bin/hostvirt";
    public static final String VERSION_FILE = "/opt/hostvirt/VERSION";
    public static final String STORE = "/var/lib/hostvirt";

    public String installDir() {
        return stateDir + "\\distro";
    }

    public String backupFile(String oldVersion) {
        return stateDir + "\\upgrade-backup-" + oldVersion.replaceAll("[^A-Za-z0-9._-]", "_") + ".tar";
    }
}
