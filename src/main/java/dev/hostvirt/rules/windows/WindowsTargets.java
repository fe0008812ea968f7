package dev.hostvirt.rules.windows;

import java.util.List;

/** The Windows targets, in report order. */
public final class WindowsTargets {
    public static final String HYPERV = "hyperv";
    public static final String VIRTUALBOX = "virtualbox";
    public static final String VMWARE = "vmware";
    public static final String WSL2 = "wsl2";
    public static final String DOCKER_DESKTOP = "docker-desktop";
    public static final String WINDOWS_CONTAINERS = "windows-containers";
    public static final String SANDBOX = "sandbox";
    public static final String CONTAINERS = "containers";

    public static final List<String> ALL = List.of(HYPERV, VIRTUALBOX, VMWARE, WSL2, DOCKER_DESKTOP,
            WINDOWS_CONTAINERS, SANDBOX, CONTAINERS);

    /** Targets that run on the Windows hypervisor or WSL 2, which exist only in 64-bit Windows. */
    public static final List<String> NEED_64_BIT = List.of(HYPERV, WSL2, DOCKER_DESKTOP, WINDOWS_CONTAINERS, SANDBOX,
            CONTAINERS);

    private WindowsTargets() {
    }
}
