package dev.hostvirt.configure.linux;

import java.util.List;

/** The distribution package managers hostvirt drives, each with its non-interactive argv. */
public enum PackageManager {
    APT("apt-get"), DNF("dnf"), ZYPPER("zypper"), PACMAN("pacman");

    private final String program;

    PackageManager(String program) {
        this.program = program;
    }

    public String program() {
        return program;
    }

    public List<String> install(String pkg) {
        return switch (this) {
            case APT -> List.of("apt-get", "install", "-y", pkg);
            case DNF -> List.of("dnf", "install", "-y", pkg);
            case ZYPPER -> List.of("zypper", "--non-interactive", "install", pkg);
            case PACMAN -> List.of("pacman", "-S", "--noconfirm", "--needed", pkg);
        };
    }

    public List<String> remove(String pkg) {
        return switch (this) {
            case APT -> List.of("apt-get", "remove", "-y", pkg);
            case DNF -> List.of("dnf", "remove", "-y", pkg);
            case ZYPPER -> List.of("zypper", "--non-interactive", "remove", pkg);
            case PACMAN -> List.of("pacman", "-R", "--noconfirm", pkg);
        };
    }

    /** Exit 0 and (for dpkg) the status "install ok installed" mean installed. */
    public List<String> query(String pkg) {
        return switch (this) {
            case APT -> List.of("dpkg-query", "-W", "-f=${Status}", pkg);
            case DNF, ZYPPER -> List.of("rpm", "-q", pkg);
            case PACMAN -> List.of("pacman", "-Q", pkg);
        };
    }

    public boolean installed(int exit, String stdout) {
        return exit == 0 && (this != APT || stdout.contains("install ok installed"));
    }

    /** The package that ships newuidmap/newgidmap. */
    public String uidmapPackage() {
        return switch (this) {
            case APT -> "uidmap";
            case DNF -> "shadow-utils";
            case ZYPPER, PACMAN -> "shadow";
        };
    }
}
