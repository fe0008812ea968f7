package dev.hostvirt.engine.wsl;

import dev.hostvirt.engine.forward.ForwardException;
import dev.hostvirt.HostvirtException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a Windows path the user typed into the path the hostvirt distro sees: WSL's automount puts
 * drive X: at /mnt/x (the root=/mnt/ in our /etc/wsl.conf), keeping names byte for byte, so spaces
 * and non-ASCII letters ({@code C:\Users\José\datos}) survive as long as they travel in an argv list.
 * Relative paths are resolved against the Windows working directory first. Paths into the distro
 * itself ({@code \\wsl$\hostvirt\...}, {@code \\wsl.localhost\hostvirt\...}) map to its root; other
 * UNC shares are refused, because WSL mounts only local drives (a share needs a drvfs mount the user
 * would have to make as root). Already-Linux absolute paths ({@code /data}) pass unchanged.
 */
public final class WslPaths {
    /** The windows path prefix of a long-path name: \\?\C:\x is C:\x. */
    private static final String LONG_PREFIX = "\\\\?\\";

    private final String workingDirectory;
    private final String distro;

    /** @param workingDirectory the Windows working directory (C:\...), used for relative paths */
    public WslPaths(String workingDirectory, String distro) {
        this.workingDirectory = workingDirectory;
        this.distro = distro;
    }

    public String toWsl(String path) {
        if (path.isEmpty()) {
            throw refuse("wsl.path.empty", path);
        }
        String p = path;
        if (p.startsWith(LONG_PREFIX) && p.length() > 6 && p.charAt(5) == ':') {
            p = p.substring(LONG_PREFIX.length());
        }
        if (p.startsWith("/") && !p.startsWith("//")) {
            return normalize("", splitAll(p));
        }
        if (p.startsWith("\\\\") || p.startsWith("//")) {
            return unc(path, p.substring(2));
        }
        if (isDriveAbsolute(p)) {
            return "/mnt/" + Character.toLowerCase(p.charAt(0)) + normalize("", splitAll(p.substring(3)));
        }
        if (p.length() >= 2 && p.charAt(1) == ':' && Character.isLetter(p.charAt(0))) {
            // C:foo is relative to drive C's own current directory, which a child process cannot know.
            throw refuse("wsl.path.driveRelative", path);
        }
        String cwd = workingDirectory;
        if (cwd == null || !(isDriveAbsolute(cwd) || cwd.startsWith("\\\\"))) {
            throw refuse("wsl.path.relative", path);
        }
        if (p.startsWith("\\")) {
            // \foo is on the working directory's drive.
            return toWsl(cwd.substring(0, 2) + p);
        }
        return toWsl(cwd + (cwd.endsWith("\\") || cwd.endsWith("/") ? "" : "\\") + p);
    }

    private String unc(String original, String rest) {
        List<String> parts = splitAll(rest);
        if (parts.size() >= 2) {
            String server = parts.get(0).toLowerCase(Locale.ROOT);
            if ((server.equals("wsl$") || server.equals("wsl.localhost")) && parts.get(1).equalsIgnoreCase(distro)) {
                return normalize("", parts.subList(2, parts.size()));
            }
        }
        throw refuse("wsl.path.unc", original);
    }

    private static boolean isDriveAbsolute(String p) {
        return p.length() >= 3 && Character.isLetter(p.charAt(0)) && p.charAt(0) < 128 && p.charAt(1) == ':'
                && (p.charAt(2) == '\\' || p.charAt(2) == '/');
    }

    private static List<String> splitAll(String p) {
        List<String> out = new ArrayList<>();
        for (String s : p.split("[\\\\/]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Joins with '/', folding "." and ".." the way Windows does (".." never climbs above the root). */
    private static String normalize(String prefix, List<String> parts) {
        List<String> out = new ArrayList<>();
        for (String s : parts) {
            if (s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(s);
        }
        return prefix + "/" + String.join("/", out);
    }

    private static HostvirtException refuse(String key, String path) {
        return new ForwardException(key, 125, path);
    }

    /**
     * A {@code -v} value: HOST:CONTAINER[:OPTIONS], where HOST may itself hold the drive colon
     * ({@code C:\data:/data:ro}). Only HOST is translated, and only when it is a path (a drive, or
     * a start of / \ or .): a bare name is docker's named volume, passed on as it is for the engine
     * in the distro to refuse (translated, {@code datos:/d} bind-mounted the folder datos here).
     */
    public String volume(String spec) {
        boolean drive = spec.length() >= 2 && spec.charAt(1) == ':' && Character.isLetter(spec.charAt(0));
        int colon = spec.indexOf(':', drive ? 2 : 0);
        if (colon <= 0) {
            return spec;
        }
        char first = spec.charAt(0);
        if (!drive && first != '/' && first != '\\' && first != '.') {
            return spec;
        }
        return toWsl(spec.substring(0, colon)) + spec.substring(colon);
    }
}
