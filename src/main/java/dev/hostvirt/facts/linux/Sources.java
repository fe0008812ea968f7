package dev.hostvirt.facts.linux;

import dev.hostvirt.host.Host;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.Reading;
import java.util.List;

/** Small helpers for reading the Linux host port and naming what was read. */
final class Sources {
    private Sources() {
    }

    static String file(String path) {
        return "file:" + path;
    }

    static String path(String path) {
        return "path:" + path;
    }

    static String command(List<String> argv) {
        return "command:" + String.join(" ", argv);
    }

    static String value(String name) {
        return "value:" + name;
    }

    /** A file's text trimmed, or null when absent or unknown. */
    static String text(Host host, String path) {
        return host.file(path).map(String::trim).orElse(null);
    }

    /** True when the path exists, false when it is absent, null when unknown. */
    static Boolean exists(Host host, String path) {
        Reading<PathInfo> r = host.path(path);
        if (r.isPresent()) {
            return true;
        }
        return r.isAbsent() ? false : null;
    }

    /** A program found on the usual PATH directories, without forking a shell to ask. */
    static String onPath(Host host, String program) {
        for (String dir : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            String candidate = dir + "/" + program;
            Reading<PathInfo> r = host.path(candidate);
            if (r instanceof Reading.Present<PathInfo> p && !p.value().isDirectory()) {
                return candidate;
            }
        }
        return null;
    }
}
