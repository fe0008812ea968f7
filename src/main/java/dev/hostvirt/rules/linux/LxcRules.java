package dev.hostvirt.rules.linux;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.linux.CgroupLayout;
import dev.hostvirt.facts.linux.Containers;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.rules.Check;
import dev.hostvirt.rules.Finding;
import java.util.ArrayList;
import java.util.List;

/** LXC system containers: virt-host-validate's LXC checks and lxc-checkconfig's, in one place. */
final class LxcRules {
    private final LinuxFacts facts;

    LxcRules(LinuxFacts facts) {
        this.facts = facts;
    }

    List<Finding> evaluate() {
        Containers ct = facts.containers();
        List<Finding> out = new ArrayList<>();
        Check ns = Check.of("linux", "lxc.namespaces", "path:/proc/self/ns");
        if (ct.namespaces().isEmpty()) {
            out.add(ns.skip("notCaptured"));
        } else {
            List<String> required = missing(ct.namespaces(), List.of("ipc", "mnt", "pid", "uts"));
            List<String> wanted = missing(ct.namespaces(), List.of("net", "user"));
            if (!required.isEmpty()) {
                out.add(ns.fail("missing", ns.fix("kernel"), String.join(", ", required)));
            } else if (!wanted.isEmpty()) {
                out.add(ns.warn("partial", ns.fix("kernel"), String.join(", ", wanted)));
            } else {
                out.add(ns.pass("ok"));
            }
        }
        out.add(controllers(ct.cgroup()));
        Check fuse = Check.of("linux", "lxc.fuse", "path:/sys/fs/fuse/connections");
        if (ct.fuseConnections() == null) {
            out.add(fuse.skip("notCaptured").optional());
        } else {
            out.add(ct.fuseConnections() ? fuse.pass("ok") : fuse.warn("missing", fuse.fix("load")));
        }
        Check cfg = Check.of("linux", "lxc.kernel-config", ContainerRules.configSource(ct));
        if (ct.configSource() == null) {
            out.add(cfg.skip("noConfig").optional());
        } else if (ct.missingLxc().isEmpty()) {
            out.add(cfg.pass("ok"));
        } else {
            out.add(cfg.warn("missing", cfg.fix("missing"), String.join(", ", ct.missingLxc())));
        }
        Check installed = Check.of("linux", "lxc.installed", "path:/usr/bin/lxc-start");
        out.add(ct.lxcStart() == null && ct.unknown("lxc-start") ? installed.skip("notCaptured")
                : ct.lxcStart() != null ? installed.pass("ok", ct.lxcStart()) : installed.warn("absent", installed.fix("install")));
        out.add(ContainerRules.cgroupMode(ct.cgroup()));
        return out;
    }

    private Finding controllers(Fact<CgroupLayout> cg) {
        Check c = Check.of("linux", "lxc.cgroup-controllers", cg.source());
        if (!cg.known()) {
            return c.skip("notCaptured");
        }
        CgroupLayout l = cg.value();
        List<String> missing = new ArrayList<>();
        boolean v2 = l.mode().equals(CgroupLayout.V2);
        for (String ctl : List.of("memory", "cpu", "cpuacct", "cpuset", "devices", "freezer", "blkio")) {
            // On v2 cpuacct comes with cpu, devices is a BPF program, freezer is built in, blkio is io.
            boolean present = v2 ? switch (ctl) {
                case "cpuacct", "devices", "freezer" -> true;
                case "blkio" -> l.has("io");
                default -> l.has(ctl);
            } : l.has(ctl);
            if (!present) {
                missing.add(ctl);
            }
        }
        return missing.isEmpty() ? c.pass("ok") : c.fail("missing", c.fix("missing"), String.join(", ", missing));
    }

    private static List<String> missing(List<String> have, List<String> want) {
        List<String> out = new ArrayList<>();
        for (String w : want) {
            if (!have.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }
}
