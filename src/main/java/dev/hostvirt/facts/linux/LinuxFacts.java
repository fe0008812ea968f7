package dev.hostvirt.facts.linux;

import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.Lazy;
import dev.hostvirt.facts.Software;
import dev.hostvirt.facts.Version;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.util.List;
import java.util.Optional;

/**
 * The typed picture of a Linux host. Every group is gathered on first use only, from the host port,
 * so `check --for kvm` never reads the kernel config and `check --for containers` never opens /dev/kvm.
 */
public final class LinuxFacts {
    private final Host host;
    private final Lazy<OsRelease> os;
    private final Lazy<String> release;
    private final Lazy<Fact<Version>> kernel;
    private final Lazy<CpuInfo> cpuInfo;
    private final Lazy<Environment> environment;
    private final Lazy<CpuVirtualization> cpu;
    private final Lazy<Identity> identity;
    private final Lazy<Kvm> kvm;
    private final Lazy<Iommu> iommu;
    private final Lazy<OtherHypervisors> others;
    private final Lazy<Fact<CgroupLayout>> cgroup;
    private final Lazy<Containers> containers;
    private final Lazy<Rootless> rootless;
    private final Lazy<Optional<KernelConfigFile>> kernelConfig;

    public LinuxFacts(Host host) {
        this.host = host;
        os = Lazy.of(() -> host.file("/etc/os-release").map(OsRelease::parse)
                .orElse(host.file("/usr/lib/os-release").map(OsRelease::parse).orElse(null)));
        // A pasted /proc/version names the release as well as osrelease does ("Linux version 6.12.9-amd64 (...").
        release = Lazy.of(() -> {
            String r = Sources.text(host, "/proc/sys/kernel/osrelease");
            return r != null && !r.isEmpty() ? r : releaseIn(host.file("/proc/version").orElse(null));
        });
        kernel = Lazy.of(() -> {
            String src = releaseSource();
            Optional<Version> v = Version.find(release.get());
            return v.isPresent() ? Fact.of(v.get(), src) : Fact.unknown(src);
        });
        cpuInfo = Lazy.of(() -> host.file("/proc/cpuinfo").map(CpuInfo::parse).orElse(null));
        environment = Lazy.of(() -> new EnvironmentProbe(host, cpuInfo.get()).probe());
        cpu = Lazy.of(() -> new CpuProbe(host, cpuInfo.get(), environment.get()).probe());
        identity = Lazy.of(this::readIdentity);
        kvm = Lazy.of(() -> new KvmProbe(host, identity.get()).probe());
        iommu = Lazy.of(() -> new IommuProbe(host).probe());
        others = Lazy.of(() -> new OtherHypervisorsProbe(host, release.get(), kvm.get()).probe());
        cgroup = Lazy.of(() -> {
            String src = Sources.file("/proc/self/mountinfo");
            Reading<String> mi = host.file("/proc/self/mountinfo");
            if (!mi.isPresent()) {
                return Fact.unknown(src);
            }
            MountInfo mounts = MountInfo.parse(mi.orElse(""));
            String controllers = mounts.at("/sys/fs/cgroup").map(m -> m.fsType().equals("cgroup2")).orElse(false)
                    ? host.file("/sys/fs/cgroup/cgroup.controllers").orElse("")
                    : host.file("/sys/fs/cgroup/unified/cgroup.controllers").orElse("");
            return CgroupLayout.detect(mounts, controllers).map(l -> Fact.of(l, src)).orElse(Fact.unknown(src));
        });
        // Read only when a rule needs it (a missing device, the container checks), so a ready host's
        // `check --for kvm` never does; and once, for both.
        kernelConfig = Lazy.of(() -> KernelConfigFile.read(host, release.get()));
        containers = Lazy.of(() -> new ContainerProbe(host, kernelConfig.get(), kernel.get(), cgroup.get()).probe());
        rootless = Lazy.of(() -> new RootlessProbe(host, identity.get()).probe());
    }

    /** The running kernel's .config (/proc/config.gz, else /boot/config-R), empty when neither is readable. */
    public Optional<KernelConfig> kernelConfig() {
        return kernelConfig.get().map(KernelConfigFile::config);
    }

    static String releaseIn(String procVersion) {
        if (procVersion == null || !procVersion.startsWith("Linux version ")) {
            return null;
        }
        String[] words = procVersion.substring("Linux version ".length()).trim().split("\\s+", 2);
        return words[0].isEmpty() ? null : words[0];
    }

    private String releaseSource() {
        String r = Sources.text(host, "/proc/sys/kernel/osrelease");
        return r == null && host.file("/proc/version").isPresent() ? Sources.file("/proc/version")
                : Sources.file("/proc/sys/kernel/osrelease");
    }

    public Host host() {
        return host;
    }

    public OsRelease os() {
        return os.get();
    }

    public String kernelRelease() {
        return release.get();
    }

    public Fact<Version> kernel() {
        return kernel.get();
    }

    public Environment environment() {
        return environment.get();
    }

    public CpuVirtualization cpu() {
        return cpu.get();
    }

    public Identity identity() {
        return identity.get();
    }

    public Kvm kvm() {
        return kvm.get();
    }

    public Iommu iommu() {
        return iommu.get();
    }

    public OtherHypervisors otherHypervisors() {
        return others.get();
    }

    public Fact<CgroupLayout> cgroup() {
        return cgroup.get();
    }

    public Containers containers() {
        return containers.get();
    }

    public Rootless rootless() {
        return rootless.get();
    }

    private Identity readIdentity() {
        String status = host.file("/proc/self/status").orElse(null);
        if (status == null) {
            return null;
        }
        long[] uids = Identity.uids(status).orElse(null);
        if (uids == null) {
            return null;
        }
        String passwd = host.file("/etc/passwd").orElse("");
        String user = null;
        long userUid = uids[0];
        Reading<Object> sudo = host.value(LinuxValues.SUDO_USER);
        if (uids[1] == 0 && sudo instanceof Reading.Present<Object> p && !String.valueOf(p.value()).isBlank()) {
            user = String.valueOf(p.value());
            userUid = Identity.passwdEntry(passwd, user).map(f -> Long.parseLong(f[2])).orElse(-1L);
        } else {
            user = Identity.passwdEntry(passwd, Long.toString(uids[0])).map(f -> f[0]).orElse(null);
        }
        return new Identity(uids[0], uids[1], user, userUid, Identity.groups(status));
    }

    /** The public facts (docs/sources.md lists each key; they never change meaning). */
    public FactSheet publicFacts() {
        FactSheet sheet = new FactSheet();
        OsRelease o = os();
        sheet.put("os.name", o == null ? Fact.unknown(Sources.file("/etc/os-release"))
                : Fact.of(o.prettyName(), Sources.file("/etc/os-release")));
        String r = kernelRelease();
        sheet.put("os.kernel", r == null ? Fact.unknown(kernel().source()) : Fact.of(r, releaseSource()));
        sheet.put("os.arch", Fact.of(host.platform().arch(), "platform"));
        CpuVirtualization c = cpu();
        sheet.put("cpu.vendor", c.vendor());
        sheet.put("cpu.model", c.model());
        sheet.put("cpu.virtualization", c.virtualization());
        sheet.put("cpu.slat", c.slat());
        sheet.put("cpu.firmwareVirtualization", c.firmware());
        Environment e = environment();
        sheet.put("hypervisor.present", e.hypervisorPresent());
        sheet.put("hypervisor.vendor", e.hypervisorVendor());
        sheet.put("container.inside", e.containerInside());
        sheet.put("container.kind", e.containerKind());
        Identity id = identity();
        sheet.put("process.root", id == null ? Fact.unknown(Sources.file("/proc/self/status"))
                : Fact.of(id.root(), Sources.file("/proc/self/status")));
        Kvm k = kvm();
        sheet.put("kvm.device", k.deviceState());
        sheet.put("kvm.modules", k.modulesFact());
        sheet.put("kvm.enableVirtAtLoad", k.enableVirtAtLoad() == null ? Fact.of("absent", Sources.file(
                "/sys/module/kvm/parameters/enable_virt_at_load")) : Fact.of(k.enableVirtAtLoad(),
                Sources.file("/sys/module/kvm/parameters/enable_virt_at_load")));
        OtherHypervisors oh = otherHypervisors();
        sheet.put("virtualbox.version", oh.virtualbox().fact());
        sheet.put("vmware.version", oh.vmware().fact());
        Fact<CgroupLayout> cg = cgroup();
        sheet.put("linux.cgroupMode", cg.known() ? Fact.of(cg.value().mode(), cg.source()) : Fact.unknown(cg.source()));
        Containers ct = containers();
        sheet.put("linux.kernelConfig", ct.configSource() == null ? Fact.of("absent", "file:/proc/config.gz")
                : Fact.of(ct.configSource(), Sources.file(ct.configSource())));
        ct.runtimes().forEach((name, s) -> sheet.put("runtime." + name, s.fact()));
        for (String engine : ContainerProbe.ENGINES) {
            Software found = ct.engines().get(engine);
            if (found.isInstalled()) {
                List<String> argv = List.of(engine, "--version");
                found = Software.fromCommand(engine, host.command(argv), Sources.command(argv));
            }
            sheet.put("engine." + engine, found.fact());
        }
        return sheet;
    }
}
