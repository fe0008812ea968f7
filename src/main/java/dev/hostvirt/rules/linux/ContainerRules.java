package dev.hostvirt.rules.linux;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.Software;
import dev.hostvirt.facts.Version;
import dev.hostvirt.facts.linux.CgroupLayout;
import dev.hostvirt.facts.linux.Containers;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.rules.Check;
import dev.hostvirt.rules.Finding;
import java.util.ArrayList;
import java.util.List;

/** Can this host run OCI containers (hostvirt's engine on runc/crun, Docker, Podman)? */
final class ContainerRules {
    private final LinuxFacts facts;

    ContainerRules(LinuxFacts facts) {
        this.facts = facts;
    }

    List<Finding> evaluate() {
        Containers ct = facts.containers();
        List<Finding> out = new ArrayList<>();
        out.add(kernel(ct));
        out.add(core(ct));
        out.add(bridge(ct));
        out.add(optional(ct));
        out.add(storage(ct));
        out.add(cgroupMode(ct.cgroup()));
        out.add(controllers(ct.cgroup()));
        out.add(seccomp(ct));
        out.add(lsm(ct));
        out.add(keys(ct));
        out.addAll(runtimes(ct));
        return out;
    }

    static String configSource(Containers ct) {
        return ct.configSource() == null ? "file:/proc/config.gz" : "file:" + ct.configSource();
    }

    private Finding kernel(Containers ct) {
        Fact<Version> k = ct.kernel();
        Check c = Check.of("linux", "containers.kernel", k.source());
        if (!k.known()) {
            return c.skip("notCaptured");
        }
        // runc needs 3.10 at the least; cgroup v2 support in runc wants 4.15 and recommends 5.2.
        if (k.value().below(3, 10)) {
            return c.fail("tooOld", c.fix("upgrade"), k.value().text());
        }
        return c.pass("ok", k.value().text());
    }

    private Finding core(Containers ct) {
        Check c = Check.of("linux", "containers.kernel-config", configSource(ct), "path:/proc/self/ns");
        if (!ct.missingCore().isEmpty()) {
            return c.fail("missing", c.fix("missing"), String.join(", ", ct.missingCore()));
        }
        if (ct.configSource() == null) {
            if (ct.namespaces().isEmpty()) {
                return c.skip("noConfig");
            }
            return c.pass("runtime", String.join(", ", ct.namespaces()));
        }
        return c.pass("ok", ct.configSource());
    }

    private Finding bridge(Containers ct) {
        Check c = Check.of("linux", "containers.bridge-network", configSource(ct));
        if (ct.configSource() == null) {
            return c.skip("noConfig").optional();
        }
        if (ct.missingBridge().isEmpty()) {
            return c.pass("ok");
        }
        return c.warn("missing", c.fix("missing"), String.join(", ", ct.missingBridge()));
    }

    private Finding optional(Containers ct) {
        Check c = Check.of("linux", "containers.optional-features", configSource(ct));
        if (ct.configSource() == null) {
            return c.skip("noConfig").optional();
        }
        return ct.missingOptional().isEmpty() ? c.pass("ok").optional()
                : c.pass("some", String.join(", ", ct.missingOptional())).optional();
    }

    private Finding storage(Containers ct) {
        Check c = Check.of("linux", "containers.storage", "file:/proc/filesystems", configSource(ct));
        if (Boolean.TRUE.equals(ct.overlay())) {
            return c.pass("overlay");
        }
        if (ct.overlay() == null) {
            return c.skip("notCaptured").optional();
        }
        if (Boolean.TRUE.equals(ct.btrfs())) {
            return c.pass("btrfs");
        }
        return c.warn("copy", c.fix("overlay"));
    }

    static Finding cgroupMode(Fact<CgroupLayout> cg) {
        Check c = Check.of("linux", "containers.cgroup-mode", cg.source());
        if (!cg.known()) {
            return c.skip("notCaptured");
        }
        return switch (cg.value().mode()) {
            case CgroupLayout.V2 -> c.pass("v2");
            case CgroupLayout.HYBRID -> c.warn("hybrid", c.fix("switch"));
            default -> c.warn("v1", c.fix("switch"));
        };
    }

    private Finding controllers(Fact<CgroupLayout> cg) {
        Check c = Check.of("linux", "containers.cgroup-controllers", cg.source());
        if (!cg.known()) {
            return c.skip("notCaptured").optional();
        }
        List<String> missing = new ArrayList<>();
        for (String ctl : List.of("cpu", "cpuset", "memory", "pids")) {
            if (!cg.value().has(ctl)) {
                missing.add(ctl);
            }
        }
        if (cg.value().mode().equals(CgroupLayout.V2) && !cg.value().has("io")) {
            missing.add("io");
        }
        return missing.isEmpty() ? c.pass("ok") : c.warn("missing", c.fix("missing"), String.join(", ", missing));
    }

    private Finding seccomp(Containers ct) {
        Check c = Check.of("linux", "containers.seccomp", configSource(ct), "file:/proc/self/status");
        if (ct.seccomp() == null) {
            return c.skip("notCaptured").optional();
        }
        return ct.seccomp() ? c.pass("ok") : c.warn("missing", c.fix("missing"));
    }

    private Finding lsm(Containers ct) {
        Check c = Check.of("linux", "containers.lsm", "file:/sys/module/apparmor/parameters/enabled",
                "file:/sys/fs/selinux/enforce");
        if (ct.apparmor() == null || ct.selinux() == null
                || (ct.apparmor() && ct.apparmorParser() == null)) {
            return c.skip("notCaptured");
        }
        String selinux = ct.selinux();
        if (Boolean.TRUE.equals(ct.apparmor())) {
            // Docker refuses to start without apparmor_parser when AppArmor is on (check-config.sh).
            return Boolean.TRUE.equals(ct.apparmorParser()) ? c.pass("apparmor", selinux)
                    : c.warn("noParser", c.fix("parser"), selinux);
        }
        return c.pass("none", "off", selinux);
    }

    private Finding keys(Containers ct) {
        Check c = Check.of("linux", "containers.keys", "file:/proc/sys/kernel/keys/root_maxkeys");
        if (ct.rootMaxKeys() == null) {
            return c.skip("notCaptured").optional();
        }
        // Each container takes a session keyring; moby's check asks for more than 10000.
        return ct.rootMaxKeys() > 10000 ? c.pass("ok", ct.rootMaxKeys())
                : c.warn("low", c.fix("raise"), ct.rootMaxKeys());
    }

    private List<Finding> runtimes(Containers ct) {
        List<Finding> out = new ArrayList<>();
        Software runc = ct.runtimes().get("runc");
        Software crun = ct.runtimes().get("crun");
        CgroupLayout layout = ct.cgroup().value();
        boolean crunRefuses = layout != null && layout.mode().equals(CgroupLayout.HYBRID) && !layout.v2Controllers().isEmpty();
        boolean runcUsable = runc.isInstalled() && (layout == null || !layout.mode().equals(CgroupLayout.V2)
                || runc.version() == null || runc.version().atLeast(1, 0, 0));
        boolean crunUsable = crun.isInstalled() && !crunRefuses;
        Check c = Check.of("linux", "containers.runtime", runc.source(), crun.source());
        String controllers = layout == null ? "" : String.join(" ", layout.v2Controllers());
        if (runcUsable) {
            out.add(c.pass("runc", show(runc)));
        } else if (crunUsable) {
            out.add(c.pass("crun", show(crun)));
        } else if (runc.state() == Software.State.UNKNOWN && crun.state() == Software.State.UNKNOWN) {
            out.add(c.skip("notCaptured"));
        } else if (crun.isInstalled()) {
            out.add(c.fail("crunOnly", c.fix("installRunc"), show(crun), controllers));
        } else {
            out.add(c.fail("none", c.fix("installRunc")));
        }
        Check cr = Check.of("linux", "containers.runtime.crun", crun.source(), ct.cgroup().source());
        if (crunRefuses && (runcUsable || !crun.isInstalled())) {
            // Not a problem while runc runs the containers, but users who pick crun must know why it fails.
            out.add(cr.skip(crun.isInstalled() ? "refusesInstalled" : "refuses", controllers,
                    crun.isInstalled() ? show(crun) : "").optional());
        } else if (crun.isInstalled() && crunUsable) {
            out.add(cr.pass("ok", show(crun)).optional());
        }
        Check engines = Check.of("linux", "containers.engines", "path:/usr/bin/podman", "path:/usr/bin/docker");
        List<String> found = new ArrayList<>();
        ct.engines().forEach((name, s) -> {
            if (s.isInstalled()) {
                found.add(show(s));
            }
        });
        boolean unknown = ct.engines().keySet().stream().anyMatch(ct::unknown);
        out.add(found.isEmpty() && unknown ? engines.skip("notCaptured").optional()
                : found.isEmpty() ? engines.pass("none").optional() : engines.pass("found", String.join(", ", found)).optional());
        return out;
    }

    static String show(Software s) {
        return s.name() + (s.version() == null ? "" : " " + s.version().text());
    }
}
