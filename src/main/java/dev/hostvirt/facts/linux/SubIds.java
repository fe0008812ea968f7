package dev.hostvirt.facts.linux;

import java.util.ArrayList;
import java.util.List;

/** /etc/subuid and /etc/subgid (subuid(5)): owner:start:count, the owner as a name or a uid. */
public final class SubIds {
    public record Range(String owner, long start, long count) {
    }

    private SubIds() {
    }

    public static List<Range> parse(String text) {
        List<Range> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(":");
            if (f.length != 3 || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(new Range(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
            } catch (NumberFormatException e) {
                // a malformed line counts for nothing, as in shadow-utils
            }
        }
        return out;
    }

    /** How many subordinate ids a user has, matching the name or the uid as newuidmap does. */
    public static long countFor(List<Range> ranges, String user, long uid) {
        long total = 0;
        for (Range r : ranges) {
            if (r.owner().equals(user) || r.owner().equals(Long.toString(uid))) {
                total += r.count();
            }
        }
        return total;
    }
}
