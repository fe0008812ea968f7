package dev.hostvirt.facts.linux;

import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.Reading;
import java.util.List;

/** Reads the rootless-container prerequisites for the user who will run them. */
final class RootlessProbe {
    static final List<String> UNSHARE = List.of("unshare", "-Ur", "true");
    private static final List<String> PROGRAMS = List.of("newuidmap", "newgidmap", "fuse-overlayfs", "pasta", "slirp4netns");

    private final Host host;
    private final Identity identity;

    RootlessProbe(Host host, Identity identity) {
        this.host = host;
        this.identity = identity;
    }

    Rootless probe() {
        String user = identity == null ? null : identity.user();
        boolean asRoot = identity != null && identity.root() && (user == null || user.equals("root"));
        Long subuid = null;
        Long subgid = null;
        if (user != null) {
            long uid = identity.userUid();
            subuid = count("/etc/subuid", user, uid);
            subgid = count("/etc/subgid", user, uid);
        }
        Boolean unshare = null;
        if (identity != null && !identity.root()) {
            // Only meaningful as the user: root may always create user namespaces.
            Reading<CommandOutput> r = host.command(UNSHARE);
            if (r instanceof Reading.Present<CommandOutput> p) {
                unshare = p.value().succeeded();
            }
        }
        String newuidmap = Sources.onPath(host, "newuidmap");
        String newgidmap = Sources.onPath(host, "newgidmap");
        return new Rootless(user, asRoot, number("/proc/sys/user/max_user_namespaces"),
                Sources.text(host, "/proc/sys/kernel/unprivileged_userns_clone"),
                Sources.text(host, "/proc/sys/kernel/apparmor_restrict_unprivileged_userns"), unshare, subuid, subgid,
                newuidmap, setuid(newuidmap), newgidmap, setuid(newgidmap), Sources.exists(host, "/dev/fuse"),
                Sources.onPath(host, "fuse-overlayfs"), Sources.onPath(host, "pasta"), Sources.onPath(host, "slirp4netns"),
                PROGRAMS.stream().filter(p -> Sources.notCaptured(host, p)).collect(java.util.stream.Collectors.toSet()));
    }

    private Long count(String file, String user, long uid) {
        Reading<String> text = host.file(file);
        if (text.isAbsent()) {
            return 0L;
        }
        return text.isPresent() ? SubIds.countFor(SubIds.parse(text.orElse("")), user, uid) : null;
    }

    private Long number(String path) {
        String v = Sources.text(host, path);
        try {
            return v == null ? null : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private boolean setuid(String path) {
        if (path == null) {
            return false;
        }
        PathInfo info = host.path(path).orElse(null);
        if (info == null || info.mode() == null) {
            return false;
        }
        return (Integer.parseInt(info.mode(), 8) & 04000) != 0;
    }
}
