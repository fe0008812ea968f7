package dev.hostvirt.rules.linux;

import dev.hostvirt.facts.Version;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.facts.linux.Rootless;
import dev.hostvirt.rules.Check;
import dev.hostvirt.rules.Finding;
import java.util.ArrayList;
import java.util.List;

/** Rootless containers for one user (podman's rootless tutorial; dockerd-rootless-setuptool.sh). */
final class RootlessRules {
    private static final long MIN_SUBIDS = 65536;
    private final LinuxFacts facts;

    RootlessRules(LinuxFacts facts) {
        this.facts = facts;
    }

    List<Finding> evaluate() {
        Rootless r = facts.rootless();
        List<Finding> out = new ArrayList<>();
        String user = r.user() == null ? "?" : r.user();
        Check who = Check.of("linux", "rootless.user", "file:/proc/self/status");
        if (r.asRoot()) {
            // Optional, as the sub-ID check for root already is: a required SKIP made the target unknown and
            // `sudo hostvirt check` exit 3 on a ready host, for ever (QA). The host's own switches are still checked.
            out.add(who.skip("root").optional());
        } else if (r.user() == null) {
            out.add(who.skip("notCaptured"));
        } else {
            out.add(who.pass("ok", user));
        }
        out.add(userNamespaces(r));
        out.add(subIds(r, user));
        out.add(idMappers(r));
        out.add(network(r));
        out.add(storage(r));
        Finding cg = ContainerRules.cgroupMode(facts.cgroup());
        Check limits = Check.of("linux", "rootless.cgroup", facts.cgroup().source());
        out.add(switch (cg.status()) {
            case PASS -> limits.pass("v2");
            case SKIP -> limits.skip("notCaptured").optional();
            default -> limits.warn("v1", limits.fix("switch"));
        });
        return out;
    }

    private Finding userNamespaces(Rootless r) {
        Check c = Check.of("linux", "rootless.userns", "file:/proc/sys/user/max_user_namespaces",
                "file:/proc/sys/kernel/unprivileged_userns_clone",
                "file:/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "command:unshare -Ur true");
        if (r.maxUserNamespaces() != null && r.maxUserNamespaces() == 0) {
            return c.fail("zero", c.fix("max"));
        }
        if ("0".equals(r.unprivilegedClone())) {
            return c.fail("clone", c.fix("clone"));
        }
        if (Boolean.FALSE.equals(r.unshareWorks())) {
            return "1".equals(r.apparmorRestrict()) ? c.fail("apparmor", c.fix("apparmor"))
                    : c.fail("unshareFails", c.fix("clone"));
        }
        if (Boolean.TRUE.equals(r.unshareWorks())) {
            return c.pass("works");
        }
        if ("1".equals(r.apparmorRestrict())) {
            return c.warn("apparmorUntested", c.fix("apparmor"));
        }
        if (r.maxUserNamespaces() == null) {
            return c.skip("notCaptured");
        }
        return c.pass("allowed", r.maxUserNamespaces());
    }

    private Finding subIds(Rootless r, String user) {
        Check c = Check.of("linux", "rootless.subids", "file:/etc/subuid", "file:/etc/subgid");
        if (r.asRoot()) {
            return c.skip("root").optional();
        }
        if (r.subuidCount() == null || r.subgidCount() == null) {
            return c.skip("notCaptured");
        }
        if (r.subuidCount() < MIN_SUBIDS || r.subgidCount() < MIN_SUBIDS) {
            return c.fail("few", c.fix("add", user), user, r.subuidCount(), r.subgidCount());
        }
        return c.pass("ok", r.subuidCount(), r.subgidCount());
    }

    private Finding idMappers(Rootless r) {
        Check c = Check.of("linux", "rootless.idmap", "path:/usr/bin/newuidmap", "path:/usr/bin/newgidmap");
        if ((r.newuidmap() == null && r.unknown("newuidmap")) || (r.newgidmap() == null && r.unknown("newgidmap"))) {
            return c.skip("notCaptured");
        }
        if (r.newuidmap() == null || r.newgidmap() == null) {
            return c.fail("missing", c.fix("install"));
        }
        if (!r.newuidmapSetuid() || !r.newgidmapSetuid()) {
            // Fedora grants cap_setuid/cap_setgid instead of the setuid bit; we cannot read file caps.
            return c.warn("noSetuid", c.fix("setuid"));
        }
        return c.pass("ok");
    }

    private Finding network(Rootless r) {
        Check c = Check.of("linux", "rootless.network", "path:/usr/bin/pasta", "path:/usr/bin/slirp4netns");
        if (r.pasta() != null) {
            return c.pass("pasta");
        }
        if (r.slirp4netns() != null) {
            return c.pass("slirp");
        }
        if (r.unknown("pasta") || r.unknown("slirp4netns")) {
            return c.skip("notCaptured");
        }
        return c.warn("missing", c.fix("install"));
    }

    private Finding storage(Rootless r) {
        Check c = Check.of("linux", "rootless.storage", "file:/proc/sys/kernel/osrelease", "path:/dev/fuse");
        Version k = facts.kernel().value();
        if (k != null && k.atLeast(5, 13)) {
            return c.pass("native", k.text());
        }
        if (r.fuseOverlayfs() != null && Boolean.TRUE.equals(r.fuse())) {
            return c.pass("fuse");
        }
        if (k == null || r.unknown("fuse-overlayfs") || (r.fuseOverlayfs() != null && r.fuse() == null)) {
            return c.skip("notCaptured");
        }
        return c.warn("missing", c.fix("install"));
    }
}
