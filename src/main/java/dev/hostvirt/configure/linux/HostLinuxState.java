package dev.hostvirt.configure.linux;

import dev.hostvirt.configure.Version;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link LinuxState} read through the host port: a live machine, a snapshot, or a test's fake root. */
public final class HostLinuxState implements LinuxState {
    private static final String[] BIN_DIRS = {"/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"};
    private final Host host;

    public HostLinuxState(Host host) {
        this.host = host;
    }

    @Override
    public Optional<Version> kernel() {
        return Version.parse(host.file("/proc/sys/kernel/osrelease").orElse(null));
    }

    @Override
    public List<String> loadedModules() {
        return parseModules(host.file("/proc/modules").orElse(""));
    }

    /** First column of /proc/modules (proc(5)); never throws on odd lines. */
    public static List<String> parseModules(String text) {
        List<String> names = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (!cols[0].isEmpty()) {
                names.add(cols[0]);
            }
        }
        return names;
    }

    @Override
    public Optional<Boolean> kvmInUse() {
        // A running VM holds a reference on the vendor module (/sys/module/kvm_intel/refcnt > 0),
        // which is also why `modprobe -r kvm_intel` fails then (linux-anchors 5.5).
        boolean any = false;
        for (String m : new String[] {"kvm_intel", "kvm_amd"}) {
            if (!moduleLoaded(m)) {
                continue;
            }
            Reading<String> r = host.file("/sys/module/" + m + "/refcnt");
            if (!r.isPresent()) {
                return Optional.empty();
            }
            try {
                any |= Integer.parseInt(r.orElse("").trim()) > 0;
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(any);
    }

    @Override
    public Optional<Version> virtualbox() {
        Reading<CommandOutput> r = host.command("VBoxManage", "--version");
        if (r instanceof Reading.Present<CommandOutput> p && p.value().exit() == 0) {
            return Version.parse(p.value().stdout().strip());
        }
        return Version.parse(host.file("/sys/module/vboxdrv/version").orElse(null));
    }

    @Override
    public boolean root() {
        for (String line : host.file("/proc/self/status").orElse("").split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                return ids.length > 1 && ids[1].equals("0");
            }
        }
        return false;
    }

    @Override
    public Optional<String> cpuVendor() {
        String info = host.file("/proc/cpuinfo").orElse("");
        if (info.contains("GenuineIntel")) {
            return Optional.of("intel");
        }
        if (info.contains("AuthenticAMD") || info.contains("HygonGenuine")) {
            return Optional.of("amd");
        }
        return Optional.empty();
    }

    @Override
    public Optional<PackageManager> packageManager() {
        for (PackageManager pm : PackageManager.values()) {
            if (programExists(pm.program())) {
                return Optional.of(pm);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> etcFile(String path) {
        Reading<String> r = host.file(path);
        return r.isPresent() ? Optional.of(r.orElse("")) : Optional.empty();
    }

    @Override
    public Optional<String> procSys(String name) {
        Reading<String> r = host.file("/proc/sys/" + name);
        return r.isPresent() ? Optional.of(r.orElse("").strip()) : Optional.empty();
    }

    @Override
    public boolean kvmBuiltIn() {
        String release = host.file("/proc/sys/kernel/osrelease").orElse("").strip();
        if (release.isEmpty() || release.contains("/")) {
            return false;
        }
        // modules.builtin(5): one path per built-in module, e.g. kernel/arch/x86/kvm/kvm.ko
        for (String line : host.file("/lib/modules/" + release + "/modules.builtin").orElse("").split("\n")) {
            String l = line.trim();
            if (l.endsWith("/kvm.ko") || l.endsWith("/kvm-intel.ko") || l.endsWith("/kvm-amd.ko")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean cgroupV2() {
        return host.path("/sys/fs/cgroup/cgroup.controllers").isPresent();
    }

    @Override
    public boolean programExists(String name) {
        for (String dir : BIN_DIRS) {
            if (host.path(dir + name).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
