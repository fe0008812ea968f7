package dev.hostvirt.engine.container;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.List;
import java.util.Locale;

/**
 * The signal {@code stop} sends first: the image's STOPSIGNAL, read as docker and podman read it
 * (SIGQUIT, QUIT, 3, SIGRTMIN+3). nginx's image asks for SIGQUIT (graceful shutdown), systemd in a
 * container for SIGRTMIN+3; SIGTERM for those ended them abruptly, or not at all.
 */
public final class StopSignal {
    /** Where the run records it, as a number: the runtimes' kill takes one whatever their version. */
    static final String ANNOTATION = "dev.hostvirt.stop-signal";
    static final int DEFAULT = 15;
    /** Linux's numbers, the same on every architecture hostvirt runs on (x86-64, arm64): index + 1. */
    private static final List<String> NAMES = List.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
            "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final int RTMIN = 34;
    private static final int RTMAX = 64;

    private StopSignal() {
    }

    /** The image's STOPSIGNAL as a number; {@link #DEFAULT} when it sets none. */
    static int of(String imageStopSignal) {
        return of(imageStopSignal, "engine.error.stopSignal.invalid");
    }

    /** {@code run --stop-signal}'s value, checked as the image's is, with its own message. */
    public static void checkOption(String value) {
        if (value.isEmpty()) {
            throw new HostvirtException(Text.of("engine.error.stopSignal.option", value), 125);
        }
        of(value, "engine.error.stopSignal.option");
    }

    private static int of(String text, String badKey) {
        String s = text == null ? "" : text;
        if (s.isEmpty()) {
            return DEFAULT;
        }
        int n = parse(s.toUpperCase(Locale.ROOT));
        if (n < 1 || n > RTMAX) {
            throw new HostvirtException(Text.of(badKey, text), 125);
        }
        return n;
    }

    private static int parse(String s) {
        if (s.matches("\\+?0*[0-9]{1,2}")) { // docker reads it with strconv: 15, +15 and 015 alike
            return Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
        }
        String name = s.startsWith("SIG") ? s.substring(3) : s;
        name = switch (name) { // the aliases docker's table has too
            case "POLL" -> "IO";
            case "IOT" -> "ABRT";
            case "CLD" -> "CHLD";
            default -> name;
        };
        int i = NAMES.indexOf(name);
        if (i >= 0) {
            return i + 1;
        }
        for (String base : List.of("RTMIN", "RTMAX")) {
            if (name.startsWith(base)) {
                String rest = name.substring(base.length());
                int offset = rest.isEmpty() ? 0 : rest.matches("[+-][0-9]{1,2}") ? Integer.parseInt(rest) : -100;
                boolean plus = base.equals("RTMIN");
                // docker's table: RTMIN+0..+15 and RTMAX-14..-0 (RTMIN-n and RTMAX+n leave the real-time range)
                if (offset == -100 || (plus ? offset < 0 || offset > 15 : offset > 0 || offset < -14)) {
                    return -1;
                }
                int n = (plus ? RTMIN : RTMAX) + offset;
                return n >= RTMIN && n <= RTMAX ? n : -1;
            }
        }
        return -1;
    }

    /** The recorded signal of a container's config.json annotations; SIGTERM for a container made before. */
    static int recorded(String annotation) {
        try {
            int n = annotation == null ? DEFAULT : Integer.parseInt(annotation);
            return n >= 1 && n <= RTMAX ? n : DEFAULT;
        } catch (NumberFormatException e) {
            return DEFAULT;
        }
    }
}
