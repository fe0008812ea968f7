package dev.hostvirt.engine.bundle;

import dev.hostvirt.engine.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the OCI runtime config.json (runtime-spec 1.0.2, what runc 1.1 and crun 1.8 read) with the
 * secure defaults of container-anchors §1: pid/mount/ipc/uts namespaces (+network unless host,
 * +cgroup on a unified v2 host); the standard /proc, /dev, /dev/pts, /dev/shm, /dev/mqueue, /sys
 * (ro) and /sys/fs/cgroup (ro) mounts; podman's 11 capabilities; the union of runc's, moby's and
 * containers-common's masked and read-only paths; noNewPrivileges; clamped rlimits; the converted
 * default seccomp profile (its section given, see ContainerRunner); memory, CPU and pids limits;
 * docker's device allow-list.
 */
public final class OciConfigBuilder {

    public static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/proc/interrupts", "/sys/firmware", "/sys/devices/virtual/powercap", "/sys/fs/selinux",
            "/sys/devices/virtual/tpm", "/sys/dev/block");
    public static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    /** CPU period podman uses for --cpus (100 ms). */
    public static final long CPU_PERIOD = 100_000;

    /**
     * Facts about the host the config depends on.
     *
     * @param swapLimit whether the memory cgroup limits swap (v1 memory.memsw.*, v2 memory.swap.max):
     *     without it a swap limit is left out, as podman leaves it
     */
    public record HostFacts(boolean cgroupV2Unified, String goArch, String kernelRelease, List<String> extraMaskedPaths,
            boolean swapLimit) {
        public HostFacts {
            extraMaskedPaths = List.copyOf(extraMaskedPaths);
        }
    }

    /** Files the engine prepared in the container directory and bind-mounts in; null: not mounted. */
    public record EtcFiles(Path hosts, Path hostname, Path resolvConf) {
        /** These files but those that cannot be mounted where they go (their container paths). */
        public EtcFiles mountable(java.util.function.Predicate<String> canMountAt) {
            return new EtcFiles(canMountAt.test("/etc/hosts") ? hosts : null, canMountAt.test("/etc/hostname") ? hostname : null,
                    canMountAt.test("/etc/resolv.conf") ? resolvConf : null);
        }
    }

    private OciConfigBuilder() {
    }

    public static ObjectNode build(String id, Path rootfs, ProcessPlan process, RunSpec run, Set<String> caps,
            List<Rlimits.Granted> rlimits, EtcFiles etc, HostFacts host, byte[] seccomp) {
        if (run.seccomp() != (seccomp != null)) {
            // A missing section would make a container unconfined without anyone asking for it.
            throw new IllegalArgumentException(run.seccomp() ? "seccomp is on but no section was given"
                    : "seccomp=unconfined but a section was given");
        }
        ObjectNode c = Json.object();
        c.put("ociVersion", "1.0.2");
        ObjectNode p = c.putObject("process");
        p.put("terminal", run.tty());
        ObjectNode user = p.putObject("user");
        user.put("uid", process.user().uid()).put("gid", process.user().gid());
        ArrayNode gids = user.putArray("additionalGids");
        process.user().additionalGids().forEach(gids::add);
        strings(p.putArray("args"), process.args());
        strings(p.putArray("env"), process.env());
        p.put("cwd", process.cwd());
        ObjectNode capNode = p.putObject("capabilities");
        List<String> capList = new ArrayList<>(caps);
        strings(capNode.putArray("bounding"), capList);
        if (process.user().uid() == 0) {
            strings(capNode.putArray("effective"), capList);
            strings(capNode.putArray("permitted"), capList);
            capNode.putArray("inheritable");
            capNode.putArray("ambient");
        } else {
            // As podman: another user gets the capabilities --cap-add names, as ambient ones (which
            // need them inheritable and permitted too), and no others. It got none at all, so
            // `-u app --cap-add NET_BIND_SERVICE` could not bind port 80.
            List<String> added = Capabilities.addedFor(run.capAdd(), caps);
            for (String set : new String[] {"effective", "permitted", "inheritable", "ambient"}) {
                strings(capNode.putArray(set), added);
            }
        }
        ArrayNode rl = p.putArray("rlimits");
        for (Rlimits.Granted g : rlimits) {
            rl.addObject().put("type", g.limit().type()).put("hard", Rlimits.ociValue(g.limit().hard()))
                    .put("soft", Rlimits.ociValue(g.limit().soft()));
        }
        p.put("noNewPrivileges", run.noNewPrivileges());

        c.putObject("root").put("path", rootfs.toString()).put("readonly", run.readOnly());
        c.put("hostname", run.hostname());
        mounts(c.putArray("mounts"), run, etc);

        ObjectNode linux = c.putObject("linux");
        ArrayNode ns = linux.putArray("namespaces");
        for (String t : new String[] {"pid", "mount", "ipc", "uts"}) {
            ns.addObject().put("type", t);
        }
        if (run.network() != RunSpec.Network.HOST) {
            ns.addObject().put("type", "network");
        }
        if (host.cgroupV2Unified()) {
            ns.addObject().put("type", "cgroup");
        }
        List<String> masked = new ArrayList<>(MASKED_PATHS);
        masked.addAll(host.extraMaskedPaths());
        strings(linux.putArray("maskedPaths"), masked);
        strings(linux.putArray("readonlyPaths"), READONLY_PATHS);
        rootPropagation(run).ifPresent(propagation -> linux.put("rootfsPropagation", propagation));
        linux.put("cgroupsPath", "/hostvirt/" + id);
        ObjectNode res = linux.putObject("resources");
        devices(res.putArray("devices"));
        if (run.memoryBytes() != null) {
            ObjectNode memory = res.putObject("memory").put("limit", run.memoryBytes());
            Long swap = memoryAndSwap(run);
            if (host.swapLimit() && swap != null) {
                memory.put("swap", swap);
            }
        }
        if (run.cpus() != null) {
            res.putObject("cpu").put("quota", Math.round(run.cpus() * CPU_PERIOD)).put("period", CPU_PERIOD);
        }
        long pids = run.pidsLimit() == null ? RunSpec.DEFAULT_PIDS_LIMIT : run.pidsLimit();
        if (pids > 0) {
            // No limit (-1 or 0, as docker) is no pids section: crun 1.8 wrote -1 into pids.max, which
            // the kernel refuses ("Invalid argument"); runc writes "max".
            res.putObject("pids").put("limit", pids);
        }
        if (run.network() != RunSpec.Network.HOST) {
            // podman's default_sysctls: ping without NET_RAW, valid only in a private netns.
            linux.putObject("sysctl").put("net.ipv4.ping_group_range", "0 0");
        }
        if (seccomp != null) {
            // As made (and kept) by the policy cache: written as it is, not parsed again.
            linux.putRawValue("seccomp", new RawValue(new String(seccomp, StandardCharsets.UTF_8)));
        }
        return c;
    }

    /**
     * The OCI memory.swap (memory and swap together) for a run with --memory: --memory-swap as given
     * (-1: no limit), or podman's and docker's default of twice the memory, so that a container whose
     * memory is limited cannot spill without limit into the host's swap. Null without --memory.
     */
    public static Long memoryAndSwap(RunSpec run) {
        if (run.memoryBytes() == null) {
            return null;
        }
        if (run.memorySwapBytes() != null) {
            return run.memorySwapBytes();
        }
        try {
            return Math.multiplyExact(2, run.memoryBytes());
        } catch (ArithmeticException beyondLong) {
            return RunSpec.UNLIMITED_SWAP; // -m 5000p: twice is past any limit, and the kernel refused the overflow
        }
    }

    /**
     * The runtime-provided mounts first; then the run's own, parents before what lies below them
     * (podman sorts its mounts by depth: `-v a:/x/y -v b:/x` hid a's mount under b's); then the
     * /etc files, over any -v or --tmpfs that covers /etc (podman's: with `-v dir:/etc` a container
     * had no /etc/hosts or resolv.conf, and no DNS). A -v or --tmpfs of one of those files wins.
     */
    private static void mounts(ArrayNode m, RunSpec run, EtcFiles etc) {
        mount(m, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
        // noexec as podman's: without it /dev was a writable place to run files from, even with --read-only.
        mount(m, "/dev", "tmpfs", "tmpfs", "nosuid", "noexec", "strictatime", "mode=755", "size=65536k");
        mount(m, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
        if (run.volumes().stream().noneMatch(v -> v.destination().equals("/dev/shm"))
                && run.tmpfs().stream().noneMatch(t -> t.destination().equals("/dev/shm"))) {
            // podman leaves its own out when the user mounts there (a file included: `-v FILE:/dev/shm`).
            mount(m, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        }
        mount(m, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(m, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        mount(m, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro");
        List<Mount> own = new ArrayList<>();
        for (RunSpec.Tmpfs t : run.tmpfs()) {
            own.add(new Mount(t.destination(), "tmpfs", "tmpfs", t.options()));
        }
        for (RunSpec.Volume v : run.volumes()) {
            own.add(new Mount(v.destination(), "bind", v.source(), volumeOptions(v)));
        }
        List<String> taken = own.stream().map(Mount::destination).toList();
        if (run.readOnly()) {
            // podman's read-only-tmpfs default: scratch space stays writable on a read-only root, for
            // every user (1777: a non-root service could not write its pid file in /run), with what the
            // image has there.
            for (String d : new String[] {"/tmp", "/var/tmp", "/run"}) {
                if (!taken.contains(d)) {
                    own.add(new Mount(d, "tmpfs", "tmpfs", List.of("rw", "nosuid", "nodev", "mode=1777", RunSpec.Tmpfs.COPY_UP)));
                }
            }
        }
        own.sort(java.util.Comparator.comparingInt(o -> depth(o.destination()))); // stable: equal depths keep their order
        own.forEach(o -> mount(m, o.destination(), o.type(), o.source(), o.options().toArray(new String[0])));
        String[] etcOptions = {"rbind", "rprivate", "nosuid", "nodev"};
        for (String[] f : new String[][] {{"/etc/hosts", path(etc.hosts())}, {"/etc/hostname", path(etc.hostname())},
            {"/etc/resolv.conf", path(etc.resolvConf())}}) {
            if (f[1] != null && !taken.contains(f[0])) {
                mount(m, f[0], "bind", f[1], etcOptions);
            }
        }
    }

    private static String path(Path p) {
        return p == null ? null : p.toString();
    }

    private record Mount(String destination, String type, String source, List<String> options) {
    }

    /**
     * The root's propagation a -v's own asks for, as podman sets it: shared when any volume is
     * [r]shared, else rslave when any is [r]slave. Under a private root a volume's rslave or rshared
     * did nothing on crun (a mount made on the host later never showed), though the config said it.
     */
    static java.util.Optional<String> rootPropagation(RunSpec run) {
        List<String> asked = run.volumes().stream().flatMap(v -> v.options().stream()).toList();
        if (asked.contains("shared") || asked.contains("rshared")) {
            return java.util.Optional.of("shared");
        }
        if (asked.contains("slave") || asked.contains("rslave")) {
            return java.util.Optional.of("rslave");
        }
        return java.util.Optional.empty();
    }

    /** How many names a destination has: "/a/b" 2. */
    static int depth(String destination) {
        int n = 0;
        for (String part : destination.split("/")) {
            n += part.isEmpty() ? 0 : 1;
        }
        return n;
    }

    /** A -v's OCI options: recursive and private unless it says otherwise, then ro and what it asked for. */
    static List<String> volumeOptions(RunSpec.Volume v) {
        List<String> o = new ArrayList<>();
        if (!v.options().contains("bind")) {
            o.add("rbind");
        }
        if (v.options().stream().noneMatch(RunSpec.Volume.PROPAGATIONS::contains)) {
            o.add("rprivate");
        }
        if (v.readOnly()) {
            o.add("ro");
        }
        o.addAll(v.options());
        return o;
    }

    private static void mount(ArrayNode m, String dest, String type, String source, String... options) {
        ObjectNode n = m.addObject();
        n.put("destination", dest).put("type", type).put("source", source);
        strings(n.putArray("options"), List.of(options));
    }

    /** moby oci/defaults.go: deny all, then the devices every container needs. */
    private static void devices(ArrayNode d) {
        d.addObject().put("allow", false).put("access", "rwm");
        int[][] allowed = {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}};
        for (int[] a : allowed) {
            d.addObject().put("allow", true).put("type", "c").put("major", a[0]).put("minor", a[1]).put("access", "rwm");
        }
        d.addObject().put("allow", true).put("type", "c").put("major", 136).put("access", "rwm");
    }

    private static void strings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }
}
