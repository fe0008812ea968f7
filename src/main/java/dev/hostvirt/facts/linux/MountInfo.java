package dev.hostvirt.facts.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** /proc/self/mountinfo (proc(5)): mount point, file-system type and super options of each mount. */
public record MountInfo(List<Mount> mounts) {

    public record Mount(String mountPoint, String fsType, String source, String superOptions) {
    }

    public MountInfo {
        mounts = List.copyOf(mounts);
    }

    public static MountInfo parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 5 || dash < 0) {
                continue;
            }
            String fsType = dash + 1 < f.length ? f[dash + 1] : "";
            String source = dash + 2 < f.length ? f[dash + 2] : "";
            String superOptions = dash + 3 < f.length ? f[dash + 3] : "";
            mounts.add(new Mount(unescape(f[4]), fsType, source, superOptions));
        }
        return new MountInfo(mounts);
    }

    /** The last mount at a point wins: it is the one visible there. */
    public Optional<Mount> at(String mountPoint) {
        Mount found = null;
        for (Mount m : mounts) {
            if (m.mountPoint().equals(mountPoint)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    // mountinfo escapes space, tab, newline and backslash as octal.
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 4 <= s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
