package dev.hostvirt.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces host and user names with placeholders everywhere in a snapshot (keys included: Windows
 * paths such as C:\Users\NAME carry them), so a snapshot can be pasted into a public bug report:
 * the user's own, the machine's other people's (each its own placeholder), and the real names that
 * /etc/passwd keeps beside them.
 */
public final class SnapshotRedactor {
    public static final String HOST = "<host>";
    public static final String USER = "<user>";
    /**
     * Words too generic to be private, never redacted: now that a name is found as a token inside
     * longer words (kvm_intel, ID=ubuntu), a host or user called one of these would garble the very
     * sources the checks read. Accounts every system has, distributions' default host names, and the
     * words of module, device and program names the rules look for (docs/sources.md, Redaction).
     */
    static final Set<String> PUBLIC_NAMES = Set.of("root", "admin", "user", "users", "localhost", "administrator",
            "nobody", "daemon", "guest", "test", "ubuntu", "debian", "fedora", "centos", "alpine", "arch", "linux",
            "raspberrypi", "kali", "kvm", "intel", "amd", "pvm", "vbox", "vboxusers", "vmware", "docker", "podman",
            "containerd", "runc", "crun", "lxc", "lxd", "libvirt", "qemu", "fuse", "tun", "net", "home", "data",
            "proc", "sys", "dev", "run", "tmp", "var", "usr", "etc", "bin", "lib", "opt", "srv", "mnt", "boot",
            "media", "snap", "cgroup", "overlay", "tmpfs", "kernel", "module", "systemd", "sudo", "wheel");
    /** Neither a letter nor a digit may touch a name: "-", "_", ".", "/" and the like delimit it. */
    private static final String NOT_ALNUM_BEFORE = "(?<![\\p{L}\\p{N}])";
    private static final String NOT_ALNUM_AFTER = "(?![\\p{L}\\p{N}])";

    private final List<Map.Entry<Pattern, String>> replacements = new ArrayList<>();

    public SnapshotRedactor(Set<String> hostNames, Set<String> userNames) {
        this(hostNames, userNames, List.of());
    }

    /**
     * @param otherPeople the machine's other people's accounts (from its /etc/passwd), each given a
     *     placeholder of its own, {@code <user2>}, {@code <user3>}, ..., so that group memberships stay
     *     told apart from the user's own
     */
    public SnapshotRedactor(Set<String> hostNames, Set<String> userNames, List<String> otherPeople) {
        for (String h : hostNames) {
            add(h, HOST);
        }
        for (String u : userNames) {
            add(u, USER);
        }
        int n = 2;
        for (String other : otherPeople) {
            if (!userNames.contains(other)) {
                add(other, "<user" + n++ + ">");
            }
        }
    }

    /**
     * People's accounts in a passwd file: uid 1000 to 60000, the range Debian, Fedora and their kin
     * give people (system accounts are below, nobody above). The snapshot keeps the whole file (the
     * rules read users and groups from it), so --redact named every account but the user's.
     */
    static List<String> people(String passwd) {
        List<String> out = new ArrayList<>();
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 7) {
                if (person(f[2])) {
                    out.add(f[0]);
                }
            }
        }
        return out;
    }

    /** The names of the machine and of the user running hostvirt (and the one behind sudo). */
    public static SnapshotRedactor forCurrentUser(Map<String, String> env) {
        Set<String> users = new LinkedHashSet<>();
        for (String k : new String[] {"SUDO_USER", "USER", "LOGNAME", "USERNAME"}) {
            if (env.get(k) != null) {
                users.add(env.get(k));
            }
        }
        users.add(System.getProperty("user.name", ""));
        Set<String> hosts = new LinkedHashSet<>();
        for (String k : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            if (env.get(k) != null) {
                hosts.add(env.get(k));
            }
        }
        LocalFiles.system().file("/proc/sys/kernel/hostname").map(String::trim).orElse("").lines().forEach(hosts::add);
        return new SnapshotRedactor(hosts, users, people(LocalFiles.system().file("/etc/passwd").orElse("")));
    }

    private void add(String name, String placeholder) {
        if (name == null || name.isBlank() || name.length() < 3 || PUBLIC_NAMES.contains(name.toLowerCase())
                || name.matches("(?i)host|user\\d*")) { // the placeholders' own words
            return;
        }
        // A token inside a path or a word (jperez-data, /home/jperez_old, jperez.local), not only a whole field.
        Pattern p = Pattern.compile(NOT_ALNUM_BEFORE + Pattern.quote(name) + NOT_ALNUM_AFTER,
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        replacements.add(Map.entry(p, placeholder));
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Map.Entry<Pattern, String> r : replacements) {
            out = r.getKey().matcher(out).replaceAll(Matcher.quoteReplacement(r.getValue()));
        }
        return out;
    }

    public Snapshot redact(Snapshot s) {
        List<CommandRecord> commands = new ArrayList<>();
        for (CommandRecord c : s.commands()) {
            commands.add(new CommandRecord(c.argv().stream().map(this::redact).toList(), c.exit(),
                    redact(c.stdout()), redact(c.stderr())));
        }
        Map<String, PathInfo> paths = new LinkedHashMap<>();
        s.paths().forEach((k, v) -> paths.put(redact(k), v == null ? null
                : new PathInfo(v.type(), v.mode(), v.readable(), v.writable(), v.rdev(), redact(v.group()),
                        v.entries() == null ? null : v.entries().stream().map(this::redact).toList(), redact(v.target()), redact(v.owner()))));
        return new Snapshot(s.captured(), s.platform(), strings(s.files()), paths, commands,
                objects(s.registry()), objects(s.wmi()), strings(s.sysctl()), objects(s.values()));
    }

    private Map<String, String> strings(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(redact(k), k.equals("/etc/passwd") && v != null ? withoutRealNames(redact(v)) : redact(v)));
        return out;
    }

    private static boolean person(String uid) {
        try {
            long n = Long.parseLong(uid);
            return n >= 1000 && n <= 60000;
        } catch (NumberFormatException e) {
            return false; // not an account line
        }
    }

    /** A person's comment field in passwd (real name, office, phone) emptied; the rules never read it. */
    static String withoutRealNames(String passwd) {
        StringBuilder out = new StringBuilder();
        for (String line : passwd.split("(?<=\n)")) {
            String[] f = line.split(":", -1);
            if (f.length >= 7 && !f[4].isEmpty() && person(f[2])) {
                f[4] = "";
                out.append(String.join(":", f));
            } else {
                out.append(line);
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private <V> Map<String, V> objects(Map<String, V> in) {
        Map<String, V> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(redact(k), (V) deep(v)));
        return out;
    }

    private Object deep(Object v) {
        if (v instanceof String s) {
            return redact(s);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(redact(String.valueOf(k)), deep(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(deep(x)));
            return out;
        }
        return v;
    }
}
