package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.bundle.RunSpec;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code --tmpfs PATH[:OPTIONS]} as podman and docker read it: podman's defaults (rw, noexec, nosuid,
 * nodev, mode=1777) with the user's comma-separated options applied over them, so
 * {@code /data:size=64m,exec} is an executable 64 MB tmpfs. Only tmpfs's own options and the mount
 * flags that make sense for it are taken: the text becomes mount options the runtime passes on.
 * Before, the whole argument was the path (a directory named "/data:size=1m"). As podman's, a tmpfs
 * starts with what the image has at its path (tmpcopyup, which runc and crun both do; notmpcopyup
 * for an empty one): `--read-only --tmpfs /var/lib/app` lost the image's files there.
 */
final class TmpfsOption {
    private static final List<String> DEFAULTS = List.of("rw", "noexec", "nosuid", "nodev", "mode=1777", RunSpec.Tmpfs.COPY_UP);
    private static final Set<String> FLAGS = Set.of("ro", "rw", "exec", "noexec", "suid", "nosuid", "dev", "nodev",
            "atime", "noatime", "relatime", "strictatime", "nodiratime", RunSpec.Tmpfs.COPY_UP, "no" + RunSpec.Tmpfs.COPY_UP);
    private static final Set<String> VALUED = Set.of("size", "mode", "uid", "gid", "nr_inodes", "nr_blocks");

    private TmpfsOption() {
    }

    static RunSpec.Tmpfs parse(String value) {
        int colon = value.indexOf(':');
        String path = RunCommand.absolute(colon < 0 ? value : value.substring(0, colon), "--tmpfs");
        RunCommand.notOverRootOrProc(path, "--tmpfs");
        List<String> options = new ArrayList<>(DEFAULTS);
        if (colon >= 0) {
            for (String o : value.substring(colon + 1).split(",")) {
                apply(options, o.trim(), value);
            }
        }
        return new RunSpec.Tmpfs(path, options);
    }

    private static void apply(List<String> options, String o, String whole) {
        if (o.isEmpty()) {
            return;
        }
        int eq = o.indexOf('=');
        String key0 = eq > 0 ? o.substring(0, eq) : "";
        String val = eq > 0 ? o.substring(eq + 1) : "";
        // mode is octal: mode=999 passed and came back as the runtime's "Invalid argument"
        boolean valid = key0.equals("mode") ? val.matches("0*[0-7]{1,4}") : val.matches("[0-9]+[kmgKMG%]?");
        if (eq > 0 && VALUED.contains(key0) && valid) {
            String key = o.substring(0, eq + 1);
            options.removeIf(x -> x.startsWith(key));
            options.add(o);
        } else if (FLAGS.contains(o)) {
            options.remove(opposite(o));
            if (!options.contains(o) && !o.equals("no" + RunSpec.Tmpfs.COPY_UP)) { // the runtimes know only tmpcopyup
                options.add(o);
            }
        } else {
            throw new HostvirtException(Text.of("engine.error.run.tmpfsOption", o, whole), 125);
        }
    }

    private static String opposite(String flag) {
        return switch (flag) {
            case "ro" -> "rw";
            case "rw" -> "ro";
            default -> flag.startsWith("no") ? flag.substring(2) : "no" + flag;
        };
    }
}
