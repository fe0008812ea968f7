package dev.hostvirt.configure.linux;

import dev.hostvirt.facts.Software;
import dev.hostvirt.facts.Version;
import dev.hostvirt.facts.linux.CgroupLayout;
import dev.hostvirt.facts.linux.KernelConfig;
import dev.hostvirt.facts.linux.CpuVirtualization;
import dev.hostvirt.facts.linux.Identity;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.util.List;
import java.util.Optional;

/**
 * {@link LinuxState} answered by the Linux detector's facts, so the plan and `hostvirt check` see one
 * kernel version, one VirtualBox version, one module list, one uid. What detection has no fact for
 * (the files the configurator rewrites, programs it will run, modules.builtin) is read through the
 * same host port.
 */
public final class FactsLinuxState implements LinuxState {
    private static final String[] BIN_DIRS = {"/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"};
    private final LinuxFacts facts;
    private final Host host;

    public FactsLinuxState(LinuxFacts facts) {
        this.facts = facts;
        this.host = facts.host();
    }

    public FactsLinuxState(Host host) {
        this(new LinuxFacts(host));
    }

    @Override
    public Optional<Version> kernel() {
        return Optional.ofNullable(facts.kernel().value());
    }

    @Override
    public boolean moduleLoaded(String name) {
        if (name.startsWith("kvm")) {
            return facts.kvm().modules().contains(name);
        }
        if (facts.otherHypervisors().vboxModules().contains(name)) {
            return true;
        }
        return host.path("/sys/module/" + name).isPresent();
    }

    @Override
    public Optional<Boolean> kvmInUse() {
        List<Long> pids = facts.otherHypervisors().kvmVmPids();
        return pids == null ? Optional.empty() : Optional.of(!pids.isEmpty());
    }

    @Override
    public Optional<Version> virtualbox() {
        Software vbox = facts.otherHypervisors().virtualbox();
        return vbox.isInstalled() ? Optional.ofNullable(vbox.version()) : Optional.empty();
    }

    @Override
    public boolean root() {
        Identity id = facts.identity();
        return id != null && id.root();
    }

    /** kvm_amd also serves Hygon's AMD-derived processors. */
    @Override
    public Optional<String> cpuVendor() {
        String v = facts.cpu().vendor().value();
        if ("intel".equals(v)) {
            return Optional.of("intel");
        }
        return "amd".equals(v) || "hygon".equals(v) ? Optional.of("amd") : Optional.empty();
    }

    @Override
    public Optional<Boolean> hardwareVirtualization() {
        CpuVirtualization cpu = facts.cpu();
        if (cpu.missingReason() == CpuVirtualization.Missing.NOT_X86 || cpu.vendor().value() == null) {
            return Optional.empty(); // not x86, or /proc/cpuinfo unread
        }
        return Optional.of(cpu.missingReason() == CpuVirtualization.Missing.NONE);
    }

    @Override
    public Optional<String> kvmVirtAtLoad() {
        return Optional.ofNullable(facts.kvm().enableVirtAtLoad());
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
        String release = facts.kernelRelease();
        if (release == null || release.isBlank() || release.contains("/")) {
            return false;
        }
        // modules.builtin(5): one path per built-in module, e.g. kernel/arch/x86/kvm/kvm.ko
        for (String line : host.file("/lib/modules/" + release.strip() + "/modules.builtin").orElse("").split("\n")) {
            String l = line.trim();
            if (l.endsWith("/kvm.ko") || l.endsWith("/kvm-intel.ko") || l.endsWith("/kvm-amd.ko")) {
                return true;
            }
        }
        // No modules.builtin (a kernel without module support has no /lib/modules): the kernel config
        // tells the same. KVM=y with the vendor part not a module leaves nothing a blacklist could stop.
        return facts.kernelConfig().map(config -> {
            if (config.state("KVM") != KernelConfig.State.BUILTIN) {
                return false;
            }
            List<String> vendors = cpuVendor().map(v -> List.of("KVM_" + v.toUpperCase(java.util.Locale.ROOT)))
                    .orElse(List.of("KVM_INTEL", "KVM_AMD"));
            return vendors.stream().noneMatch(o -> config.state(o) == KernelConfig.State.MODULE);
        }).orElse(false);
    }

    @Override
    public Optional<String> cmdlineVirtAtLoad() {
        return Optional.ofNullable(facts.otherHypervisors().cmdlineVirtAtLoad());
    }

    @Override
    public boolean cgroupV2() {
        CgroupLayout layout = facts.cgroup().value();
        return layout != null && CgroupLayout.V2.equals(layout.mode());
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
