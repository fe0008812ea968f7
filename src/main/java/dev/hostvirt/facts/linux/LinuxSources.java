package dev.hostvirt.facts.linux;

import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.facts.SourceSpec;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Every source the Linux probes read: what `hostvirt sources --os linux` prints and what a Linux
 * snapshot may hold. A test records a live snapshot and fails when it holds anything not listed here.
 * {@code *} matches any run of characters.
 */
public final class LinuxSources {
    private LinuxSources() {
    }

    public static List<SourceSpec> all() {
        List<SourceSpec> s = new ArrayList<>();
        add(s, "file", "os", "/etc/os-release", "/usr/lib/os-release", "/proc/sys/kernel/osrelease", "/proc/version");
        add(s, "file", "cpu", "/proc/cpuinfo");
        add(s, "value", "cpuid", LinuxValues.CPUID_HYPERVISOR, LinuxValues.CPUID_FEATURES, LinuxValues.CPUID_EXT_FEATURES);
        add(s, "value", "msr", LinuxValues.MSR_FEATURE_CONTROL, LinuxValues.MSR_VM_CR);
        add(s, "command", "dmesg", "dmesg");
        add(s, "file", "vm", "/sys/class/dmi/id/*", "/proc/xen/capabilities", "/sys/hypervisor/type",
                "/proc/device-tree/hypervisor/compatible", "/sys/devices/system/clocksource/clocksource0/current_clocksource");
        add(s, "path", "vm", "/proc/xen");
        add(s, "path", "container", "/proc/vz", "/proc/bc", "/run/.containerenv", "/.dockerenv");
        add(s, "file", "container", "/run/host/container-manager", "/run/systemd/container");
        add(s, "value", "container", LinuxValues.PID1_CONTAINER);
        add(s, "file", "identity", "/proc/self/status", "/etc/passwd", "/etc/group");
        add(s, "value", "sudo", LinuxValues.SUDO_USER);
        add(s, "path", "kvm", "/dev/kvm", "/sys/module/kvm", "/sys/module/kvm_intel", "/sys/module/kvm_amd",
                "/sys/module/kvm_pvm");
        // Loaded modules from a pasted /proc/modules when /sys/module was not recorded.
        add(s, "file", "kvm", "/proc/modules");
        add(s, "file", "kvm", "/sys/module/kvm*/parameters/nested", "/sys/module/kvm/parameters/enable_virt_at_load");
        add(s, "value", "kvmApi", LinuxValues.KVM_API_VERSION);
        add(s, "value", "kvmVms", LinuxValues.KVM_VM_PROCESSES);
        add(s, "path", "iommu", Iommu.GROUPS, Iommu.TABLES + Iommu.DMAR, Iommu.TABLES + Iommu.IVRS);
        add(s, "path", "network", "/dev/net/tun", "/dev/vhost-net");
        add(s, "command", "vbox", "VBoxManage --version");
        add(s, "path", "vbox", "/sys/module/vbox*", "/dev/vboxdrv", "/lib/modules/*");
        add(s, "file", "secureBoot", "/sys/firmware/efi/efivars/SecureBoot-*");
        add(s, "path", "secureBoot", "/sys/firmware/efi");
        add(s, "file", "vmware", "/etc/vmware/config");
        add(s, "path", "vmware", "/sys/module/vmmon", "/sys/module/vmnet");
        add(s, "path", "modprobe", "/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d", "/usr/lib/modprobe.d",
                "/lib/modprobe.d");
        add(s, "file", "modprobe", "/etc/modprobe.d/*.conf", "/run/modprobe.d/*.conf", "/usr/local/lib/modprobe.d/*.conf",
                "/usr/lib/modprobe.d/*.conf", "/lib/modprobe.d/*.conf", "/proc/cmdline");
        add(s, "file", "cgroup", "/proc/self/mountinfo", "/sys/fs/cgroup/cgroup.controllers",
                "/sys/fs/cgroup/unified/cgroup.controllers");
        add(s, "file", "kconfig", "/proc/config.gz", "/boot/config-*");
        add(s, "path", "namespaces", "/proc/self/ns");
        add(s, "file", "filesystems", "/proc/filesystems");
        add(s, "file", "lsm", "/sys/module/apparmor/parameters/enabled", "/sys/fs/selinux/enforce");
        add(s, "path", "lsm", "/sys/module/apparmor", "/sys/fs/selinux");
        add(s, "file", "keys", "/proc/sys/kernel/keys/root_maxkeys");
        add(s, "command", "runtimes", "runc --version", "crun --version", "podman --version", "docker --version",
                "containerd --version");
        add(s, "path", "programs", "/usr/local/sbin/*", "/usr/local/bin/*", "/usr/sbin/*", "/usr/bin/*", "/sbin/*", "/bin/*");
        add(s, "file", "rootless", "/proc/sys/user/max_user_namespaces", "/proc/sys/kernel/unprivileged_userns_clone",
                "/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "/etc/subuid", "/etc/subgid");
        add(s, "command", "unshare", "unshare -Ur true");
        add(s, "path", "fuse", "/dev/fuse", "/sys/fs/fuse/connections");
        return s;
    }

    private static void add(List<SourceSpec> list, String kind, String purpose, String... names) {
        for (String n : names) {
            list.add(new SourceSpec(kind, n, Text.of("sources.linux." + purpose)));
        }
    }

    /** True when a recorded source name is covered by one of the listed patterns of that kind. */
    public static boolean covers(List<SourceSpec> specs, String kind, String name) {
        for (SourceSpec spec : specs) {
            if (spec.kind().equals(kind) && glob(spec.name(), name)) {
                return true;
            }
        }
        return false;
    }

    static boolean glob(String pattern, String text) {
        String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q");
        return text.matches(regex);
    }
}
