package dev.hostvirt.engine.bundle;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resource limits for the container, never above the caller's own hard limits: without
 * CAP_SYS_RESOURCE the runtime cannot raise them and fails ("error setting rlimit type 7: operation
 * not permitted", observed with podman on this sandbox whose nofile hard limit is 20000,
 * container-anchors §1.5). Requests above the hard limit are lowered and reported.
 */
public final class Rlimits {
    public static final long UNLIMITED = -1;
    /** /proc/self/limits row title -> OCI rlimit type. */
    private static final Map<String, String> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put("Max cpu time", "RLIMIT_CPU");
        ROWS.put("Max file size", "RLIMIT_FSIZE");
        ROWS.put("Max data size", "RLIMIT_DATA");
        ROWS.put("Max stack size", "RLIMIT_STACK");
        ROWS.put("Max core file size", "RLIMIT_CORE");
        ROWS.put("Max resident set", "RLIMIT_RSS");
        ROWS.put("Max processes", "RLIMIT_NPROC");
        ROWS.put("Max open files", "RLIMIT_NOFILE");
        ROWS.put("Max locked memory", "RLIMIT_MEMLOCK");
        ROWS.put("Max address space", "RLIMIT_AS");
        ROWS.put("Max file locks", "RLIMIT_LOCKS");
        ROWS.put("Max pending signals", "RLIMIT_SIGPENDING");
        ROWS.put("Max msgqueue size", "RLIMIT_MSGQUEUE");
        ROWS.put("Max nice priority", "RLIMIT_NICE");
        ROWS.put("Max realtime priority", "RLIMIT_RTPRIO");
        ROWS.put("Max realtime timeout", "RLIMIT_RTTIME");
    }

    /** One limit; {@link #UNLIMITED} for "unlimited". */
    public record Limit(String type, long soft, long hard) {
    }

    /**
     * A limit as granted, and the note when it had to be lowered (else null). Lowered requests are
     * shown to the user; lowered defaults only in {@code inspect} (they are expected on most hosts).
     */
    public record Granted(Limit limit, Text clampNote, boolean requested) {
    }

    private Rlimits() {
    }

    /** Parses /proc/self/limits text into type -> hard limit. Odd rows are skipped, never thrown on. */
    public static Map<String, Long> parseHardLimits(String procLimits) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : procLimits.split("\n")) {
            for (Map.Entry<String, String> row : ROWS.entrySet()) {
                if (line.startsWith(row.getKey())) {
                    String[] cols = line.substring(row.getKey().length()).trim().split("\\s+");
                    if (cols.length >= 2) {
                        Long hard = value(cols[1]);
                        if (hard != null) {
                            out.put(row.getValue(), hard);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Long value(String s) {
        if (s.equals("unlimited")) {
            return UNLIMITED;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses {@code --ulimit nofile=1024:2048} (soft[:hard]; -1 or unlimited for no limit). */
    public static Limit parseOption(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new HostvirtException(Text.of("engine.error.ulimit.invalid", text), 125);
        }
        String name = text.substring(0, eq).toLowerCase(Locale.ROOT);
        String type = switch (name) {
            case "nofile" -> "RLIMIT_NOFILE";
            case "nproc" -> "RLIMIT_NPROC";
            case "core" -> "RLIMIT_CORE";
            case "stack" -> "RLIMIT_STACK";
            case "memlock" -> "RLIMIT_MEMLOCK";
            case "fsize" -> "RLIMIT_FSIZE";
            case "cpu" -> "RLIMIT_CPU";
            case "data" -> "RLIMIT_DATA";
            case "as" -> "RLIMIT_AS";
            case "locks" -> "RLIMIT_LOCKS";
            case "sigpending" -> "RLIMIT_SIGPENDING";
            case "msgqueue" -> "RLIMIT_MSGQUEUE";
            case "nice" -> "RLIMIT_NICE";
            case "rtprio" -> "RLIMIT_RTPRIO";
            case "rttime" -> "RLIMIT_RTTIME";
            case "rss" -> "RLIMIT_RSS";
            default -> throw new HostvirtException(Text.of("engine.error.ulimit.name", name), 125);
        };
        String[] v = text.substring(eq + 1).split(":");
        Long soft = v.length >= 1 ? parseValue(v[0]) : null;
        Long hard = v.length == 2 ? parseValue(v[1]) : soft;
        if (soft == null || hard == null || v.length > 2) {
            throw new HostvirtException(Text.of("engine.error.ulimit.invalid", text), 125);
        }
        if (hard != UNLIMITED && (soft == UNLIMITED || soft > hard)) {
            throw new HostvirtException(Text.of("engine.error.ulimit.softAboveHard", text), 125);
        }
        return new Limit(type, soft, hard);
    }

    private static Long parseValue(String s) {
        if (s.equals("unlimited") || s.equals("-1")) {
            return UNLIMITED;
        }
        try {
            long v = Long.parseLong(s);
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The limits to put in config.json: the defaults (nofile and nproc as high as podman asks,
     * 1048576, but never above the caller's hard limit) overridden by the requests, each clamped.
     */
    public static List<Granted> grant(List<Limit> requested, Map<String, Long> callerHard) {
        Map<String, Limit> want = new LinkedHashMap<>();
        want.put("RLIMIT_NOFILE", new Limit("RLIMIT_NOFILE", 1048576, 1048576));
        want.put("RLIMIT_NPROC", new Limit("RLIMIT_NPROC", 1048576, 1048576));
        Map<String, Boolean> explicit = new LinkedHashMap<>();
        for (Limit l : requested) {
            want.put(l.type(), l);
            explicit.put(l.type(), true);
        }
        List<Granted> out = new ArrayList<>();
        for (Limit l : want.values()) {
            Long cap = callerHard.get(l.type());
            if (cap == null || cap == UNLIMITED || (l.hard() != UNLIMITED && l.hard() <= cap)) {
                out.add(new Granted(l, null, explicit.containsKey(l.type())));
                continue;
            }
            long soft = l.soft() == UNLIMITED || l.soft() > cap ? cap : l.soft();
            Limit lowered = new Limit(l.type(), soft, cap);
            out.add(explicit.containsKey(l.type())
                    ? new Granted(lowered, Text.of("engine.note.ulimit.lowered", l.type(), show(l.hard()), cap), true)
                    : new Granted(lowered, Text.of("engine.note.ulimit.defaultLowered", l.type(), show(l.hard()), cap), false));
        }
        return out;
    }

    public static BigInteger ociValue(long v) {
        return v == UNLIMITED ? new BigInteger("18446744073709551615") : BigInteger.valueOf(v);
    }

    private static String show(long v) {
        return v == UNLIMITED ? "unlimited" : Long.toString(v);
    }
}
