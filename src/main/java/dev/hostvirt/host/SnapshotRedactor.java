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
 * paths such as C:\Users\NAME carry them), so a snapshot can be pasted into a public bug report.
 */
public final class SnapshotRedactor {
    public static final String HOST = "<host>";
    public static final String USER = "<user>";
    /** Names too generic to be private; replacing them would garble the sources themselves. */
    private static final Set<String> PUBLIC_NAMES = Set.of("root", "admin", "user", "localhost", "administrator");

    private final List<Map.Entry<Pattern, String>> replacements = new ArrayList<>();

    public SnapshotRedactor(Set<String> hostNames, Set<String> userNames) {
        for (String h : hostNames) {
            add(h, HOST);
        }
        for (String u : userNames) {
            add(u, USER);
        }
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
        return new SnapshotRedactor(hosts, users);
    }

    private void add(String name, String placeholder) {
        if (name == null || name.isBlank() || name.length() < 3 || PUBLIC_NAMES.contains(name.toLowerCase())) {
            return;
        }
        Pattern p = Pattern.compile("(?<![\\p{L}\\p{N}_.-])" + Pattern.quote(name) + "(?![\\p{L}\\p{N}_-])",
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
                        v.entries() == null ? null : v.entries().stream().map(this::redact).toList(), redact(v.target()))));
        return new Snapshot(s.captured(), s.platform(), strings(s.files()), paths, commands,
                objects(s.registry()), objects(s.wmi()), strings(s.sysctl()), objects(s.values()));
    }

    private Map<String, String> strings(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(redact(k), redact(v)));
        return out;
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
