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

    /** Facts about the host the config depends on. */
    public record HostFacts(boolean cgroupV2Unified, String goArch, String kernelRelease, List<String> extraMaskedPaths) {
        public HostFacts {
            extraMaskedPaths = List.copyOf(extraMaskedPaths);
        }
    }

    /** Files the engine prepared in the container directory and bind-mounts in. */
    public record EtcFiles(Path hosts, Path hostname, Path resolvConf) {
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
        linux.put("cgroupsPath", "/hostvirt/" + id);
        ObjectNode res = linux.putObject("resources");
        devices(res.putArray("devices"));
        if (run.memoryBytes() != null) {
            res.putObject("memory").put("limit", run.memoryBytes());
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

    private static void mounts(ArrayNode m, RunSpec run, EtcFiles etc) {
        mount(m, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
        mount(m, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(m, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
        mount(m, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        mount(m, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(m, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        mount(m, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro");
        mount(m, "/etc/hosts", "bind", etc.hosts().toString(), "rbind", "rprivate", "nosuid", "nodev");
        mount(m, "/etc/hostname", "bind", etc.hostname().toString(), "rbind", "rprivate", "nosuid", "nodev");
        mount(m, "/etc/resolv.conf", "bind", etc.resolvConf().toString(), "rbind", "rprivate", "nosuid", "nodev");
        List<String> taken = new ArrayList<>();
        for (RunSpec.Volume v : run.volumes()) {
            taken.add(v.destination());
        }
        run.tmpfs().forEach(t -> taken.add(t.destination()));
        if (run.readOnly()) {
            // podman's read-only-tmpfs default: scratch space stays writable on a read-only root.
            for (String d : new String[] {"/tmp", "/var/tmp", "/run"}) {
                if (!taken.contains(d)) {
                    mount(m, d, "tmpfs", "tmpfs", "rw", "nosuid", "nodev", d.equals("/run") ? "mode=755" : "mode=1777");
                }
            }
        }
        for (RunSpec.Tmpfs t : run.tmpfs()) {
            mount(m, t.destination(), "tmpfs", "tmpfs", t.options().toArray(new String[0]));
        }
        for (RunSpec.Volume v : run.volumes()) {
            if (v.readOnly()) {
                mount(m, v.destination(), "bind", v.source(), "rbind", "rprivate", "ro");
            } else {
                mount(m, v.destination(), "bind", v.source(), "rbind", "rprivate");
            }
        }
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
