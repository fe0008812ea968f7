package dev.hostvirt.facts.linux;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cgroup mode, decided as systemd, runc and crun decide it (statfs of /sys/fs/cgroup, then of
 * /sys/fs/cgroup/unified), here from mountinfo: cgroup2 at /sys/fs/cgroup is v2; tmpfs there with
 * cgroup2 at /sys/fs/cgroup/unified is hybrid; tmpfs with v1 hierarchies only is v1.
 *
 * @param v1Controllers controllers of the v1 hierarchies (from their mount options)
 * @param v2Controllers controllers enabled on the cgroup2 side (cgroup.controllers)
 */
public record CgroupLayout(String mode, Set<String> v1Controllers, Set<String> v2Controllers) {
    public static final String V1 = "v1";
    public static final String V2 = "v2";
    public static final String HYBRID = "hybrid";

    public CgroupLayout {
        v1Controllers = Set.copyOf(v1Controllers);
        v2Controllers = Set.copyOf(v2Controllers);
    }

    private static final Set<String> KNOWN_V1 = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices",
            "freezer", "blkio", "pids", "net_cls", "net_prio", "perf_event", "hugetlb", "rdma", "misc");

    /** Empty when /sys/fs/cgroup is not mounted as either: no mode can be named. */
    public static Optional<CgroupLayout> detect(MountInfo mounts, String v2ControllersText) {
        Optional<MountInfo.Mount> root = mounts.at("/sys/fs/cgroup");
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Set<String> v2 = words(v2ControllersText);
        String type = root.get().fsType();
        if (type.equals("cgroup2")) {
            return Optional.of(new CgroupLayout(V2, Set.of(), v2));
        }
        if (!type.equals("tmpfs")) {
            return Optional.empty();
        }
        Set<String> v1 = new TreeSet<>();
        for (MountInfo.Mount m : mounts.mounts()) {
            if (m.fsType().equals("cgroup") && m.mountPoint().startsWith("/sys/fs/cgroup/")) {
                for (String opt : m.superOptions().split(",")) {
                    if (KNOWN_V1.contains(opt)) {
                        v1.add(opt);
                    }
                }
            }
        }
        boolean unified = mounts.at("/sys/fs/cgroup/unified").map(m -> m.fsType().equals("cgroup2")).orElse(false);
        return Optional.of(new CgroupLayout(unified ? HYBRID : V1, v1, unified ? v2 : Set.of()));
    }

    public boolean has(String controller) {
        return v1Controllers.contains(controller) || v2Controllers.contains(controller);
    }

    private static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text != null) {
            out.addAll(Arrays.asList(text.trim().split("\\s+")));
            out.remove("");
        }
        return out;
    }
}
