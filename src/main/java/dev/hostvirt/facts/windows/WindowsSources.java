package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.SourceSpec;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.List;

/** Every source the Windows probes read, language-neutral ones first: what `hostvirt sources --os windows` lists. */
public final class WindowsSources {
    private WindowsSources() {
    }

    public static List<SourceSpec> all() {
        List<SourceSpec> s = new ArrayList<>();
        s.add(wmi(WMI_OS, "os"));
        s.add(wmi(WMI_COMPUTER, "computer"));
        s.add(wmi(WMI_PROCESSOR, "processor"));
        s.add(wmi(WMI_FEATURES, "features"));
        s.add(wmi(WMI_DEVICE_GUARD, "deviceGuard"));
        s.add(reg(REG_CURRENT_VERSION, "currentVersion"));
        s.add(reg(REG_BCD_BOOTMGR_DEFAULT, "bcdDefault"));
        s.add(reg(REG_BCD_BOOTMGR_DISPLAYORDER, "bcdDisplayOrder"));
        s.add(reg(bcdLaunchTypeKey("{GUID}"), "bcdLaunchType"));
        s.add(reg(REG_DEVICE_GUARD, "deviceGuard"));
        s.add(reg(REG_HVCI, "hvci"));
        s.add(reg(REG_LSA, "lsa"));
        s.add(reg(REG_LXSS, "lxss"));
        s.add(reg(REG_VIRTUALBOX, "virtualbox"));
        s.add(reg(REG_VMWARE_WORKSTATION, "vmware"));
        s.add(reg(REG_VMWARE_PLAYER, "vmware"));
        s.add(reg(REG_REBOOT_CBS, "reboot"));
        s.add(reg(REG_REBOOT_WU, "reboot"));
        s.add(value(VALUE_ELEVATED, "elevated"));
        s.add(value(VALUE_ELEVATION_TYPE, "elevationType"));
        s.add(value(VALUE_PF_SLAT, "pfSlat"));
        s.add(value(VALUE_PF_FIRMWARE, "pfFirmware"));
        s.add(value(VALUE_SERVICE_PREFIX + "*", "service"));
        s.add(value(VALUE_WSL_DISTRIBUTIONS, "wslDistributions"));
        s.add(value(VALUE_USER_PROFILE, "userProfile"));
        s.add(cmd(SYSTEMINFO, "systeminfo"));
        s.add(cmd(BCDEDIT_CURRENT, "bcdedit"));
        s.add(cmd(VBOXMANAGE_VERSION, "vboxmanage"));
        s.add(cmd(WSL_STATUS, "wslStatus"));
        s.add(cmd(WSL_LIST, "wslList"));
        s.add(cmd(WSL_VERSION, "wslVersion"));
        return s;
    }

    private static SourceSpec wmi(String name, String purpose) {
        return new SourceSpec("wmi", name, Text.of("windows.source.wmi." + purpose));
    }

    private static SourceSpec reg(String name, String purpose) {
        return new SourceSpec("registry", name, Text.of("windows.source.registry." + purpose));
    }

    private static SourceSpec value(String name, String purpose) {
        return new SourceSpec("value", name, Text.of("windows.source.value." + purpose));
    }

    private static SourceSpec cmd(List<String> argv, String purpose) {
        return new SourceSpec("command", String.join(" ", argv), Text.of("windows.source.command." + purpose));
    }
}
