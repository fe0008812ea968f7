package dev.hostvirt.facts.windows;

import java.util.List;

/** The names of every source the Windows probes read: one place, shared by the facts and `hostvirt sources`. */
public final class WindowsSourceNames {
    public static final String WMI_OS = "ROOT\\CIMV2:Win32_OperatingSystem";
    public static final String WMI_COMPUTER = "ROOT\\CIMV2:Win32_ComputerSystem";
    public static final String WMI_PROCESSOR = "ROOT\\CIMV2:Win32_Processor";
    public static final String WMI_FEATURES = "ROOT\\CIMV2:Win32_OptionalFeature";
    public static final String WMI_DEVICE_GUARD = "ROOT\\Microsoft\\Windows\\DeviceGuard:Win32_DeviceGuard";

    public static final String REG_CURRENT_VERSION = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    public static final String REG_BCD_BOOTMGR_DEFAULT =
            "HKLM\\BCD00000000\\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\23000003";
    public static final String REG_BCD_BOOTMGR_DISPLAYORDER =
            "HKLM\\BCD00000000\\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\24000001";
    public static final String REG_DEVICE_GUARD = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard";
    public static final String REG_HVCI =
            "HKLM\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard\\Scenarios\\HypervisorEnforcedCodeIntegrity";
    public static final String REG_LSA = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
    public static final String REG_LXSS = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";
    public static final String REG_VIRTUALBOX = "HKLM\\SOFTWARE\\Oracle\\VirtualBox";
    public static final String REG_VMWARE_WORKSTATION = "HKLM\\SOFTWARE\\WOW6432Node\\VMware, Inc.\\VMware Workstation";
    public static final String REG_VMWARE_PLAYER = "HKLM\\SOFTWARE\\WOW6432Node\\VMware, Inc.\\VMware Player";
    public static final String REG_REBOOT_CBS =
            "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending";
    public static final String REG_REBOOT_WU =
            "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired";

    public static final String VALUE_ELEVATED = "process.elevated";
    public static final String VALUE_ELEVATION_TYPE = "process.elevationType";
    public static final String VALUE_PF_SLAT = "windows.processorFeature.20";
    public static final String VALUE_PF_FIRMWARE = "windows.processorFeature.21";
    public static final String VALUE_SERVICE_PREFIX = "windows.service.";
    public static final String VALUE_WSL_DISTRIBUTIONS = "windows.wsl.distributions";
    /** The user's profile directory, where .wslconfig lives: the one variable on Windows' allow-list. */
    public static final String VALUE_USER_PROFILE = "env.USERPROFILE";

    public static final List<String> SYSTEMINFO = List.of("systeminfo");
    public static final List<String> BCDEDIT_CURRENT = List.of("bcdedit", "/enum", "{current}");
    public static final List<String> VBOXMANAGE_VERSION = List.of("VBoxManage", "--version");
    public static final List<String> WSL_STATUS = List.of("wsl", "--status");
    public static final List<String> WSL_LIST = List.of("wsl", "--list", "--verbose");
    public static final List<String> WSL_VERSION = List.of("wsl", "--version");

    /** Optional features the rules read (names are never translated). */
    public static final List<String> FEATURES = List.of("Microsoft-Hyper-V-All", "Microsoft-Hyper-V-Hypervisor",
            "Containers", "Containers-DisposableClientVM", "VirtualMachinePlatform", "HypervisorPlatform",
            "Microsoft-Windows-Subsystem-Linux");

    /** Services: Hyper-V (vmms, vmcompute, hvhost), WSL, Docker Desktop, Intel HAXM and the Android Emulator driver. */
    public static final List<String> SERVICES = List.of("vmms", "vmcompute", "hvhost", "LxssManager", "WSLService",
            "com.docker.service", "intelhaxm", "aehd");

    private WindowsSourceNames() {
    }

    public static String bcdLaunchTypeKey(String entryId) {
        return "HKLM\\BCD00000000\\Objects\\" + entryId + "\\Elements\\250000f0";
    }
}
