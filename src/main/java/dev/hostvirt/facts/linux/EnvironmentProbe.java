package dev.hostvirt.facts.linux;

import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.SourceNote;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Finds the VM layer (CPUID signature, DMI, /sys/hypervisor, device tree, clock source) and the
 * container layer (the markers systemd-detect-virt uses), in systemd's order of trust.
 */
final class EnvironmentProbe {
    private static final List<String> DMI_FILES = List.of("product_name", "sys_vendor", "board_vendor",
            "bios_vendor", "product_version");

    private final Host host;
    private final CpuInfo cpu;

    EnvironmentProbe(Host host, CpuInfo cpu) {
        this.host = host;
        this.cpu = cpu;
    }

    Environment probe() {
        Fact<Boolean> present = cpu == null ? Fact.unknown(Sources.file("/proc/cpuinfo"))
                : Fact.of(cpu.has("hypervisor"), SourceNote.HYPERVISOR_FLAG.on(Sources.file("/proc/cpuinfo")));
        Fact<String> vendor = vmVendor(present);
        boolean vm = Boolean.TRUE.equals(present.value()) || (vendor.known() && !vendor.value().equals("none"));
        if (vm && !Boolean.TRUE.equals(present.value())) {
            present = Fact.of(true, vendor.source());
        }
        Fact<String> container = container();
        Fact<Boolean> inside = container.known() ? Fact.of(!container.value().equals("none"), container.source())
                : Fact.unknown(container.source());
        return new Environment(present, vendor, inside, container);
    }

    private Fact<String> vmVendor(Fact<Boolean> flag) {
        // 1. DMI names the platform even when it runs on another hypervisor (Oracle Cloud on KVM).
        for (String f : DMI_FILES) {
            String path = "/sys/class/dmi/id/" + f;
            String v = Sources.text(host, path);
            String vendor = v == null ? null : dmiVendor(v);
            if (vendor != null && !vendor.equals("kvm") && !vendor.equals("qemu")) {
                return Fact.of(vendor, Sources.file(path));
            }
        }
        // 2. Xen exposes /proc/xen; dom0 is the host, not a guest.
        if (host.path("/proc/xen").isPresent()) {
            String caps = Sources.text(host, "/proc/xen/capabilities");
            if (caps == null || !caps.contains("control_d")) {
                return Fact.of("xen", Sources.path("/proc/xen"));
            }
        }
        // 3. The CPUID leaf 0x40000000 signature (root, cpuid driver).
        Reading<Object> leaf = host.value(LinuxValues.CPUID_HYPERVISOR);
        if (leaf instanceof Reading.Present<Object> p && p.value() instanceof List<?> regs && regs.size() == 4) {
            String vendor = cpuidVendor(signature(regs));
            if (vendor != null) {
                return Fact.of(vendor, Sources.value(LinuxValues.CPUID_HYPERVISOR));
            }
        }
        // 4. DMI names that may also mean "KVM underneath" (checked after CPUID on purpose).
        for (String f : DMI_FILES) {
            String path = "/sys/class/dmi/id/" + f;
            String v = Sources.text(host, path);
            String vendor = v == null ? null : dmiVendor(v);
            if (vendor != null) {
                return Fact.of(vendor, Sources.file(path));
            }
        }
        String type = Sources.text(host, "/sys/hypervisor/type");
        if (type != null && !type.isEmpty()) {
            return Fact.of(type.toLowerCase(Locale.ROOT), Sources.file("/sys/hypervisor/type"));
        }
        String dt = Sources.text(host, "/proc/device-tree/hypervisor/compatible");
        if (dt != null) {
            String v = dt.contains("kvm") ? "kvm" : dt.contains("xen") ? "xen" : dt.contains("vmware") ? "vmware" : "other";
            return Fact.of(v, Sources.file("/proc/device-tree/hypervisor/compatible"));
        }
        // 5. The paravirtual clock the guest kernel chose names the hypervisor it talks to.
        String clock = Sources.text(host, "/sys/devices/system/clocksource/clocksource0/current_clocksource");
        if (clock != null && Boolean.TRUE.equals(flag.value())) {
            String v = switch (clock) {
                case "kvm-clock" -> "kvm";
                case "hyperv_clocksource_tsc_page", "hyperv_clocksource_msr" -> "microsoft";
                case "xen" -> "xen";
                case "vmware-tsc" -> "vmware";
                default -> null;
            };
            if (v != null) {
                return Fact.of(v, Sources.file("/sys/devices/system/clocksource/clocksource0/current_clocksource"));
            }
        }
        if (Boolean.TRUE.equals(flag.value())) {
            return Fact.unknown(flag.source());
        }
        if (Boolean.FALSE.equals(flag.value())) {
            return Fact.of("none", flag.source());
        }
        return Fact.unknown(flag.source());
    }

    static String signature(List<?> regs) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 1; i <= 3; i++) {
            b.putInt((int) ((Number) regs.get(i)).longValue());
        }
        return new String(b.array(), StandardCharsets.ISO_8859_1).replace("\0", "");
    }

    /** systemd's CPUID table (src/basic/virt.c). */
    static String cpuidVendor(String sig) {
        return switch (sig) {
            case "XenVMMXenVMM" -> "xen";
            case "KVMKVMKVM", "Linux KVM Hv" -> "kvm";
            case "TCGTCGTCGTCG" -> "qemu";
            case "VMwareVMware" -> "vmware";
            case "Microsoft Hv" -> "microsoft";
            case "bhyve bhyve" -> "bhyve";
            case "QNXQVMBSQG" -> "qnx";
            case "ACRNACRNACRN" -> "acrn";
            case "SRESRESRESRE" -> "sre";
            case "Apple VZ" -> "apple";
            case "" -> null;
            default -> "other";
        };
    }

    /** systemd's DMI table: prefix matches on product, vendor, board and BIOS strings. */
    static String dmiVendor(String value) {
        String[][] table = {
            {"KVM", "kvm"}, {"OpenStack", "kvm"}, {"KubeVirt", "kvm"}, {"Amazon EC2", "amazon"},
            {"QEMU", "qemu"}, {"VMware", "vmware"}, {"VMW", "vmware"}, {"innotek GmbH", "oracle"},
            {"VirtualBox", "oracle"}, {"Oracle Corporation", "oracle"}, {"Xen", "xen"}, {"Bochs", "bochs"},
            {"Parallels", "parallels"}, {"BHYVE", "bhyve"}, {"Hyper-V", "microsoft"},
            {"Apple Virtualization", "apple"}, {"Google Compute Engine", "google"},
        };
        for (String[] row : table) {
            if (value.startsWith(row[0])) {
                return row[1];
            }
        }
        // Azure and Hyper-V guests: "Microsoft Corporation" with product "Virtual Machine".
        if (value.equals("Virtual Machine")) {
            return "microsoft";
        }
        return null;
    }

    private Fact<String> container() {
        if (host.path("/proc/vz").isPresent() && host.path("/proc/bc").isAbsent()) {
            return Fact.of("openvz", Sources.path("/proc/vz"));
        }
        String osrelease = Sources.text(host, "/proc/sys/kernel/osrelease");
        if (osrelease != null && (osrelease.contains("Microsoft") || osrelease.contains("WSL"))) {
            return Fact.of("wsl", Sources.file("/proc/sys/kernel/osrelease"));
        }
        String manager = Sources.text(host, "/run/host/container-manager");
        if (manager != null && !manager.isEmpty()) {
            return Fact.of(containerName(manager), Sources.file("/run/host/container-manager"));
        }
        String systemd = Sources.text(host, "/run/systemd/container");
        if (systemd != null && !systemd.isEmpty()) {
            return Fact.of(containerName(systemd), Sources.file("/run/systemd/container"));
        }
        // Only the container= variable of PID 1 is read: its environment may hold secrets.
        Object pid1 = host.value(LinuxValues.PID1_CONTAINER).orElse(null);
        if (pid1 != null && !String.valueOf(pid1).isBlank()) {
            return Fact.of(containerName(String.valueOf(pid1)), Sources.value(LinuxValues.PID1_CONTAINER));
        }
        if (host.path("/run/.containerenv").isPresent()) {
            return Fact.of("podman", Sources.path("/run/.containerenv"));
        }
        if (host.path("/.dockerenv").isPresent()) {
            return Fact.of("docker", Sources.path("/.dockerenv"));
        }
        boolean decided = host.path("/.dockerenv").isAbsent() && host.path("/run/.containerenv").isAbsent();
        return decided ? Fact.of("none", Sources.path("/.dockerenv") + ", " + Sources.path("/run/.containerenv"))
                : Fact.unknown(Sources.path("/.dockerenv"));
    }

    private static String containerName(String value) {
        String v = value.trim();
        return switch (v) {
            case "oci" -> "container-other";
            case "lxc-libvirt", "lxc", "systemd-nspawn", "docker", "podman", "rkt", "wsl", "proot", "pouch" -> v;
            default -> v.isEmpty() ? "container-other" : v;
        };
    }

}
