package dev.hostvirt.engine.bundle;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Podman's 11 default capabilities (containers/common DefaultCapabilities) and --cap-add/--cap-drop. */
public final class Capabilities {
    public static final List<String> PODMAN_DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID",
            "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT");

    /** Every capability of Linux 6.x (capability.h), for "ALL". */
    public static final List<String> ALL = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private Capabilities() {
    }

    /** Drops are applied first, then adds, as podman does; "ALL" works in both. */
    public static Set<String> resolve(List<String> add, List<String> drop) {
        return resolve(add, drop, null);
    }

    /**
     * As above, on a host whose bounding set is {@code host} (null: unknown). --cap-add ALL means the
     * host's capabilities, as in podman: a container cannot be given one its runtime lacks (crun said
     * "capset: Operation not permitted" on a host without CAP_SYS_RESOURCE), and one named alone that
     * the host lacks is refused in hostvirt's words.
     */
    public static Set<String> resolve(List<String> add, List<String> drop, Set<String> host) {
        boolean addAll = add.stream().anyMatch(a -> a.equalsIgnoreCase("ALL"));
        boolean dropAll = drop.stream().anyMatch(d -> d.equalsIgnoreCase("ALL"));
        if (addAll && dropAll) {
            throw new HostvirtException(Text.of("engine.error.capabilityAllAndAll"), 125);
        }
        Set<String> added = new LinkedHashSet<>();
        for (String a : addAll ? List.<String>of() : add) { // with ALL the others add nothing (podman ignores them)
            String c = normalize(a);
            if (host != null && !host.contains(c)) {
                throw new HostvirtException(Text.of("engine.error.capabilityNotOnHost", c), 125);
            }
            added.add(c);
        }
        Set<String> dropped = new LinkedHashSet<>();
        for (String d : drop) {
            if (!d.equalsIgnoreCase("ALL")) {
                String c = normalize(d);
                if (added.contains(c)) {
                    throw new HostvirtException(Text.of("engine.error.capabilityAddedAndDropped", c), 125);
                }
                dropped.add(c);
            }
        }
        // containers/common's MergeCapabilities, which docker follows too: ALL added is every
        // capability but those dropped (--cap-drop was ignored after --cap-add ALL: a container
        // asked to be without NET_ADMIN had it); ALL dropped is only those added.
        Set<String> caps = new LinkedHashSet<>();
        if (addAll) {
            ALL.stream().filter(c -> host == null || host.contains(c)).forEach(caps::add);
        } else if (!dropAll) {
            caps.addAll(PODMAN_DEFAULT);
        }
        caps.removeAll(dropped);
        caps.addAll(added);
        return new TreeSet<>(caps);
    }

    /** The capabilities in a CapBnd line's mask (/proc/self/status), by number; null when it cannot be read. */
    public static Set<String> fromMask(String hex) {
        try {
            long mask = Long.parseUnsignedLong(hex.strip(), 16);
            Set<String> out = new TreeSet<>();
            for (int bit = 0; bit < ALL.size(); bit++) {
                if ((mask & (1L << bit)) != 0) {
                    out.add(ALL.get(bit));
                }
            }
            return out;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** This process's bounding set (what a runtime it starts can give), or null when unknown. */
    public static Set<String> hostBounding() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return fromMask(line.substring(7));
                }
            }
        } catch (java.io.IOException e) {
            // not Linux: nothing is run here then
        }
        return null;
    }

    /**
     * The capabilities {@code --cap-add} names (ALL: every one), of those the container has
     * ({@code granted}, its bounding set), in that set's order: what a user other than root gets.
     */
    public static List<String> addedFor(List<String> add, Set<String> granted) {
        boolean all = add.stream().anyMatch(a -> a.equalsIgnoreCase("ALL"));
        Set<String> named = new LinkedHashSet<>();
        if (!all) {
            add.forEach(a -> named.add(normalize(a)));
        }
        List<String> out = new java.util.ArrayList<>();
        for (String c : granted) {
            if (all || named.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    static String normalize(String cap) {
        String c = cap.toUpperCase(Locale.ROOT);
        if (!c.startsWith("CAP_")) {
            c = "CAP_" + c;
        }
        if (!ALL.contains(c)) {
            throw new HostvirtException(Text.of("engine.error.capability", cap), 125);
        }
        return c;
    }
}
