package dev.hostvirt.facts.linux;

import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.host.CommandRecord;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.Snapshot;
import dev.hostvirt.host.SnapshotHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-made Linux hosts for rule tests: a realistic baseline (bare-metal Intel laptop, Ubuntu 24.04,
 * kernel 6.8, KVM usable by alice, cgroup v2, runc) that each test bends into the case it needs.
 */
public final class LinuxHostBuilder {
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, PathInfo> paths = new LinkedHashMap<>();
    private final List<CommandRecord> commands = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    public static String resource(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/linux", name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PathInfo dir(String... entries) {
        return new PathInfo(PathInfo.DIRECTORY, "0755", true, false, null, "root", List.of(entries), null);
    }

    public static PathInfo charDevice(String rdev, String mode, String group, boolean rw) {
        return new PathInfo(PathInfo.CHAR_DEVICE, mode, rw, rw, rdev, group, null, null);
    }

    public static PathInfo program(boolean setuid) {
        return new PathInfo(PathInfo.FILE, setuid ? "4755" : "0755", true, false, null, "root", null, null);
    }

    public static LinuxHostBuilder intelLaptop() {
        LinuxHostBuilder b = new LinuxHostBuilder();
        b.file("/etc/os-release", "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\n");
        b.kernel("6.8.0-45-generic");
        b.file("/proc/cpuinfo", resource("cpuinfo/intel-core-ultra-155h.txt"));
        for (String f : List.of("product_name", "sys_vendor", "board_vendor", "bios_vendor", "product_version")) {
            b.file("/sys/class/dmi/id/" + f, f.equals("sys_vendor") ? "LENOVO\n" : "ThinkPad X1\n");
        }
        b.absentPath("/proc/xen").absentPath("/proc/vz").absentPath("/run/.containerenv").absentPath("/.dockerenv");
        b.absent("/sys/hypervisor/type").absent("/proc/device-tree/hypervisor/compatible")
                .absent("/run/host/container-manager").absent("/run/systemd/container");
        b.values.put(LinuxValues.PID1_CONTAINER, null);
        b.values.put(LinuxValues.SUDO_USER, null);
        b.file("/sys/devices/system/clocksource/clocksource0/current_clocksource", "tsc\n");
        b.file("/proc/sys/kernel/osrelease", "6.8.0-45-generic\n");
        b.file("/proc/self/status", "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\n"
                + "Groups:\t4 27 993 1000 \nSeccomp:\t0\n");
        b.file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n");
        b.file("/etc/group", "root:x:0:\nadm:x:4:alice\nsudo:x:27:alice\nkvm:x:993:alice\nalice:x:1000:\n");
        b.path("/sys/module/kvm", dir("parameters")).path("/sys/module/kvm_intel", dir("parameters"))
                .absentPath("/sys/module/kvm_amd").absentPath("/sys/module/kvm_pvm");
        b.file("/sys/module/kvm_intel/parameters/nested", "Y\n");
        b.absent("/sys/module/kvm/parameters/enable_virt_at_load");
        b.path("/dev/kvm", charDevice("10:232", "0660", "kvm", true));
        b.values.put(LinuxValues.KVM_API_VERSION, 12L);
        b.values.put(LinuxValues.KVM_VM_PROCESSES, List.of());
        b.path("/dev/net/tun", charDevice("10:200", "0666", "root", true));
        b.path("/dev/vhost-net", charDevice("10:238", "0660", "kvm", true));
        b.noCommand("VBoxManage", "--version");
        b.absentPath("/sys/module/vboxdrv").absentPath("/sys/module/vboxnetflt").absentPath("/sys/module/vboxnetadp")
                .absentPath("/dev/vboxdrv");
        b.absent("/etc/vmware/config").absentPath("/sys/module/vmmon").absentPath("/sys/module/vmnet");
        b.path("/etc/modprobe.d", dir("blacklist.conf"));
        b.file("/etc/modprobe.d/blacklist.conf", "blacklist evbug\n");
        for (String d : List.of("/run/modprobe.d", "/usr/local/lib/modprobe.d", "/usr/lib/modprobe.d", "/lib/modprobe.d")) {
            b.absentPath(d);
        }
        b.file("/proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0d9e ro quiet splash\n");
        b.cgroupV2("cpuset cpu io memory hugetlb pids rdma misc");
        b.file("/proc/config.gz", resource("config/firecracker-6.18.config"));
        b.path("/proc/self/ns", dir("cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "user", "uts"));
        b.file("/proc/filesystems", "nodev\tsysfs\nnodev\tproc\n\text4\nnodev\toverlay\n");
        b.file("/sys/module/apparmor/parameters/enabled", "Y\n");
        b.path("/usr/sbin/apparmor_parser", program(false));
        b.absent("/sys/fs/selinux/enforce").absentPath("/sys/fs/selinux");
        b.file("/proc/sys/kernel/keys/root_maxkeys", "1000000\n");
        b.command(List.of("runc", "--version"), 0, "runc version 1.1.12-0ubuntu3\ncommit: \nspec: 1.0.2-dev\ngo: go1.22.2\nlibseccomp: 2.5.5\n");
        for (String p : List.of("crun", "podman", "docker", "containerd")) {
            b.noCommand(p, "--version");
        }
        b.file("/proc/sys/user/max_user_namespaces", "62884\n").absent("/proc/sys/kernel/unprivileged_userns_clone");
        b.file("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1\n");
        b.command(List.of("unshare", "-Ur", "true"), 0, "");
        b.file("/etc/subuid", "alice:100000:65536\n").file("/etc/subgid", "alice:100000:65536\n");
        b.path("/usr/bin/newuidmap", program(true)).path("/usr/bin/newgidmap", program(true));
        b.path("/usr/bin/pasta", program(false));
        b.path("/dev/fuse", charDevice("10:229", "0666", "root", true));
        b.path("/sys/fs/fuse/connections", dir());
        b.path("/usr/bin/lxc-start", program(false));
        return b;
    }

    public LinuxHostBuilder kernel(String release) {
        file("/proc/sys/kernel/osrelease", release + "\n");
        file("/proc/version", "Linux version " + release + " (buildd@lcy02) #1 SMP\n");
        return this;
    }

    public LinuxHostBuilder cgroupV2(String controllers) {
        file("/proc/self/mountinfo", "22 1 0:21 / / rw - ext4 /dev/nvme0n1p2 rw\n"
                + "35 22 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate\n");
        file("/sys/fs/cgroup/cgroup.controllers", controllers + "\n");
        return this;
    }

    public LinuxHostBuilder cgroupFromThisMachine(String unifiedControllers) {
        file("/proc/self/mountinfo", resource("mountinfo/hybrid-firecracker.txt"));
        file("/sys/fs/cgroup/unified/cgroup.controllers", unifiedControllers + "\n");
        return this;
    }

    public LinuxHostBuilder file(String path, String text) {
        files.put(path, text);
        return this;
    }

    public LinuxHostBuilder absent(String path) {
        files.put(path, null);
        return this;
    }

    public LinuxHostBuilder forget(String path) {
        files.remove(path);
        paths.remove(path);
        values.remove(path);
        return this;
    }

    public LinuxHostBuilder path(String path, PathInfo info) {
        paths.put(path, info);
        return this;
    }

    public LinuxHostBuilder absentPath(String path) {
        paths.put(path, null);
        return this;
    }

    public LinuxHostBuilder value(String name, Object value) {
        values.put(name, value);
        return this;
    }

    public LinuxHostBuilder command(List<String> argv, int exit, String stdout) {
        commands.removeIf(c -> c.matches(argv));
        commands.add(new CommandRecord(argv, exit, stdout, ""));
        return this;
    }

    public LinuxHostBuilder noCommand(String... argv) {
        commands.removeIf(c -> c.matches(List.of(argv)));
        commands.add(new CommandRecord(List.of(argv), null, null, null));
        return this;
    }

    public LinuxHostBuilder vendorModule(String module) {
        for (String m : List.of("kvm_intel", "kvm_amd", "kvm_pvm")) {
            if (m.equals(module)) {
                path("/sys/module/" + m, dir("parameters"));
            } else {
                absentPath("/sys/module/" + m);
            }
        }
        return this;
    }

    public LinuxHostBuilder virtualbox(String version) {
        return command(List.of("VBoxManage", "--version"), 0, version + "\n");
    }

    public Snapshot snapshot() {
        return new Snapshot("2026-11-27T20:00:00Z", new HostPlatform("linux", "amd64"), files, paths, commands,
                Map.of(), Map.of(), Map.of(), values);
    }

    public SnapshotHost host() {
        return new SnapshotHost(snapshot());
    }

    public LinuxFacts facts() {
        return new LinuxFacts(host());
    }
}
