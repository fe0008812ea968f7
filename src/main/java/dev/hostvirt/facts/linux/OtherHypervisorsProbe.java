package dev.hostvirt.facts.linux;

import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.facts.Software;
import dev.hostvirt.facts.Version;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.List;

/** Reads what VirtualBox and VMware have on this host and what could stop them from getting VT-x. */
final class OtherHypervisorsProbe {
    static final List<String> VBOXMANAGE = List.of("VBoxManage", "--version");
    static final List<String> MODPROBE_DIRS = List.of("/etc/modprobe.d", "/run/modprobe.d",
            "/usr/local/lib/modprobe.d", "/usr/lib/modprobe.d", "/lib/modprobe.d");
    private static final String SECURE_BOOT =
            "/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";

    private final Host host;
    private final String kernelRelease;
    private final Kvm kvm;

    OtherHypervisorsProbe(Host host, String kernelRelease, Kvm kvm) {
        this.host = host;
        this.kernelRelease = kernelRelease;
        this.kvm = kvm;
    }

    OtherHypervisors probe() {
        Software vbox = Software.fromCommand("virtualbox", host.command(VBOXMANAGE), Sources.command(VBOXMANAGE));
        List<String> vboxModules = present("vboxdrv", "vboxnetflt", "vboxnetadp");
        Boolean built = kernelRelease == null || !vbox.isInstalled() ? null : moduleBuilt("vboxdrv");
        Software vmware = vmwareVersion();
        List<String> vmwareModules = present("vmmon", "vmnet");
        List<ModprobeConfig.Directive> overrides = new ArrayList<>();
        for (String dir : MODPROBE_DIRS) {
            Reading<PathInfo> d = host.path(dir);
            if (d instanceof Reading.Present<PathInfo> p && p.value().entries() != null) {
                for (String name : p.value().entries()) {
                    if (!name.endsWith(".conf")) {
                        continue;
                    }
                    String file = dir + "/" + name;
                    for (ModprobeConfig.Directive dv : ModprobeConfig.parse(host.file(file).orElse(""), file)) {
                        if (dv.module().startsWith("kvm")) {
                            overrides.add(dv);
                        }
                    }
                }
            }
        }
        String cmdline = host.file("/proc/cmdline").orElse("");
        String atLoad = null;
        List<String> blacklist = new ArrayList<>();
        for (String word : cmdline.trim().split("\\s+")) {
            if (word.startsWith("kvm.enable_virt_at_load=")) {
                atLoad = word.substring("kvm.enable_virt_at_load=".length());
            } else if (word.startsWith("modprobe.blacklist=")) {
                for (String m : word.substring("modprobe.blacklist=".length()).split(",")) {
                    blacklist.add(ModprobeConfig.normalize(m));
                }
            }
        }
        List<Long> pids = null;
        if (kvm.vendorModule() != null || kvm.modules().contains("kvm")) {
            Reading<Object> r = host.value(LinuxValues.KVM_VM_PROCESSES);
            if (r instanceof Reading.Present<Object> p && p.value() instanceof List<?> list) {
                pids = new ArrayList<>();
                for (Object o : list) {
                    pids.add(((Number) o).longValue());
                }
            }
        } else if (kvm.modulesFact().known()) {
            pids = List.of();
        }
        return new OtherHypervisors(vbox, vboxModules, Sources.exists(host, "/dev/vboxdrv"), built, secureBoot(),
                vmware, vmwareModules, overrides, atLoad, blacklist, pids, Sources.module(host, "vboxdrv") != null,
                Sources.module(host, "vmmon") != null);
    }

    /** VMware Workstation writes its version into /etc/vmware/config: no need to start it. */
    private Software vmwareVersion() {
        Reading<String> config = host.file("/etc/vmware/config");
        String src = Sources.file("/etc/vmware/config");
        if (config.isAbsent()) {
            return Software.absent("vmware", src);
        }
        if (config.isUnknown()) {
            return Software.unknown("vmware", src);
        }
        for (String line : config.orElse("").split("\n")) {
            String l = line.trim();
            if (l.startsWith("product.version") || l.startsWith("player.product.version")) {
                return Software.installed("vmware", Version.find(l).orElse(null), src);
            }
        }
        return Software.installed("vmware", null, src);
    }

    /** DKMS and distribution packages put out-of-tree modules in one of these directories. */
    private Boolean moduleBuilt(String module) {
        boolean unknown = false;
        for (String dir : List.of("misc", "updates/dkms", "updates", "extra", "kernel/misc")) {
            Reading<PathInfo> d = host.path("/lib/modules/" + kernelRelease + "/" + dir);
            if (d instanceof Reading.Present<PathInfo> p && p.value().entries() != null) {
                for (String name : p.value().entries()) {
                    if (name.startsWith(module + ".ko")) {
                        return true;
                    }
                }
            } else if (d.isUnknown()) {
                unknown = true;
            }
        }
        return unknown ? null : false;
    }

    private List<String> present(String... modules) {
        List<String> out = new ArrayList<>();
        for (String m : modules) {
            if (Boolean.TRUE.equals(Sources.module(host, m))) {
                out.add(m);
            }
        }
        return out;
    }

    /** The SecureBoot EFI variable: 4 attribute bytes, then 1 = on. */
    private Boolean secureBoot() {
        Reading<String> v = host.file(SECURE_BOOT);
        if (v instanceof Reading.Present<String> p && p.value().length() >= 5) {
            return p.value().charAt(4) == 1;
        }
        return v.isAbsent() && host.path("/sys/firmware/efi").isPresent() ? Boolean.FALSE : null;
    }
}
