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

    /**
     * Whether a module is in the kernel: /sys/module/NAME (loaded or built in), else the pasted
     * /proc/modules (loaded ones only: a built-in module is not listed there). Null when neither was captured.
     */
    static Boolean module(Host host, String name) {
        Boolean sys = exists(host, "/sys/module/" + name);
        if (sys != null) {
            return sys;
        }
        String modules = host.file("/proc/modules").orElse(null);
        if (modules == null) {
            return null;
        }
        for (String line : modules.split("\n")) {
            if (line.startsWith(name + " ")) {
                return true;
            }
        }
        return false;
    }

    /** Where {@link #module} looked: /proc/modules only when /sys/module/NAME was not captured. */
    static String moduleSource(Host host, String name) {
        return host.path("/sys/module/" + name).isUnknown() && host.file("/proc/modules").isPresent()
                ? file("/proc/modules") : path("/sys/module/" + name);
    }

    /** True when the path exists, false when it is absent, null when unknown. */
    static Boolean exists(Host host, String path) {
        Reading<PathInfo> r = host.path(path);
        if (r.isPresent()) {
            return true;
        }
        return r.isAbsent() ? false : null;
    }

    /** Programs whose `--version` is a recorded source (docs/sources.md): its record says whether they are there. */
    private static final List<String> PROGRAMS_WITH_VERSION = List.of("podman", "docker", "containerd");
    private static final List<String> PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    /**
     * True when none of the program's usual places was captured: its absence is then unknown. A live
     * recording looks in every place before it calls a program missing; one recorded absence is enough,
     * and so is a recorded `PROGRAM --version`.
     */
    static boolean notCaptured(Host host, String program) {
        for (String dir : PATH) {
            if (!host.path(dir + "/" + program).isUnknown()) {
                return false;
            }
        }
        // Only a replay gets here (live paths are always known), so no program is ever run to ask.
        return !(PROGRAMS_WITH_VERSION.contains(program) && !host.command(List.of(program, "--version")).isUnknown());
    }

    /** A program found on the usual PATH directories, without forking a shell to ask. */
    static String onPath(Host host, String program) {
        for (String dir : PATH) {
            String candidate = dir + "/" + program;
            Reading<PathInfo> r = host.path(candidate);
            if (r instanceof Reading.Present<PathInfo> p && !p.value().isDirectory()) {
                return candidate;
            }
        }
        return null;
    }
}
