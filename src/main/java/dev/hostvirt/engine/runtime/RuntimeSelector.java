package dev.hostvirt.engine.runtime;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Picks the OCI runtime: crun where it can work (it starts containers about 2.5x faster than runc,
 * container-anchors §0), runc otherwise; {@code --runtime} forces one. With neither installed the
 * error names this distribution's install command.
 */
public final class RuntimeSelector {
    private static final List<String> DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
    private final Path stateDir;
    private final CgroupMode cgroups;
    private final List<String> searchPath;
    private final String osRelease;

    /** Searches $PATH and then the usual system directories (sudo often drops /usr/sbin from PATH). */
    public RuntimeSelector(Path stateDir, CgroupMode cgroups, String pathEnv) {
        this(stateDir, cgroups, pathEnv == null || pathEnv.isBlank() ? DIRS
                : java.util.stream.Stream.concat(List.of(pathEnv.split(":")).stream(), DIRS.stream()).distinct().toList(), readOsRelease());
    }

    public RuntimeSelector(Path stateDir, CgroupMode cgroups, List<String> searchPath, String osRelease) {
        this.stateDir = stateDir;
        this.cgroups = cgroups;
        this.searchPath = List.copyOf(searchPath);
        this.osRelease = osRelease;
    }

    public OciRuntime select(String forced) {
        if (forced != null) {
            String n = forced.toLowerCase(Locale.ROOT);
            if (!n.equals("runc") && !n.equals("crun")) {
                throw new HostvirtException(Text.of("engine.error.runtime.unknown", forced), 125);
            }
            Path bin = find(n);
            if (bin == null) {
                throw new HostvirtException(Text.of("engine.error.runtime.notInstalled", n, installCommand(n, osRelease)), 125);
            }
            return make(n, bin);
        }
        Path crun = find("crun");
        if (crun != null && (cgroups != CgroupMode.HYBRID_WITH_V2_CONTROLLERS || find("unshare") != null)) {
            return make("crun", crun);
        }
        Path runc = find("runc");
        if (runc != null) {
            return make("runc", runc);
        }
        throw new HostvirtException(Text.of("engine.error.runtime.none", installCommand("runc", osRelease)), 125);
    }

    private OciRuntime make(String name, Path bin) {
        boolean wrap = name.equals("crun") && cgroups == CgroupMode.HYBRID_WITH_V2_CONTROLLERS;
        return new OciRuntime(name, bin, stateDir.resolve("runtime").resolve(name), wrap);
    }

    private Path find(String program) {
        for (String d : searchPath) {
            if (d.isEmpty() || !d.startsWith("/")) {
                continue;
            }
            Path p = Path.of(d, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static String readOsRelease() {
        try {
            return Files.readString(Path.of("/etc/os-release"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The install command for this distribution, from /etc/os-release ID and ID_LIKE: a command (a String, the same in
     * every language), or for an unknown distribution a sentence (a Text).
     */
    static Object installCommand(String pkg, String osRelease) {
        String ids = "";
        for (String line : osRelease.split("\n")) {
            if (line.startsWith("ID=") || line.startsWith("ID_LIKE=")) {
                ids += " " + line.substring(line.indexOf('=') + 1).replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        if (ids.contains("debian") || ids.contains("ubuntu")) {
            return "sudo apt-get install -y " + pkg;
        }
        if (ids.contains("fedora") || ids.contains("rhel") || ids.contains("centos")) {
            return "sudo dnf install -y " + pkg;
        }
        if (ids.contains("suse")) {
            return "sudo zypper install -y " + pkg;
        }
        if (ids.contains("arch")) {
            return "sudo pacman -S " + pkg;
        }
        if (ids.contains("alpine")) {
            return "sudo apk add " + pkg;
        }
        return Text.of("engine.error.runtime.packageManager", pkg);
    }
}
