package dev.hostvirt.facts.linux;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who runs hostvirt: from /proc/self/status (real and effective uid, supplementary groups) and
 * /etc/passwd and /etc/group, so group membership that needs a re-login can be told apart.
 *
 * @param user     the user the checks are about: the sudo caller when run through sudo
 * @param groupIds the groups this process has now
 */
public record Identity(long uid, long euid, String user, long userUid, Set<Long> groupIds) {

    public Identity {
        groupIds = Set.copyOf(groupIds);
    }

    public boolean root() {
        return euid == 0;
    }

    /**
     * The checks are about another user than this process: root through sudo for the caller. Then the
     * process's own access (root's) says nothing about the user's.
     */
    public boolean forOtherUser() {
        return root() && user != null && userUid != euid;
    }

    /** Parses the Uid: and Groups: lines of /proc/self/status. */
    public static Optional<long[]> uids(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                if (f.length >= 2) {
                    try {
                        return Optional.of(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    public static Set<Long> groups(String status) {
        Set<Long> out = new LinkedHashSet<>();
        for (String line : status.split("\n")) {
            if (line.startsWith("Groups:")) {
                for (String g : line.substring(7).trim().split("\\s+")) {
                    try {
                        out.add(Long.parseLong(g));
                    } catch (NumberFormatException e) {
                        // an empty Groups: line
                    }
                }
            }
        }
        return out;
    }

    /** One /etc/group entry. */
    public record Group(String name, long gid, List<String> members) {
    }

    public static List<Group> parseGroups(String text) {
        List<Group> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 4 || line.startsWith("#")) {
                continue;
            }
            try {
                List<String> members = f[3].isBlank() ? List.of() : List.of(f[3].trim().split(","));
                out.add(new Group(f[0], Long.parseLong(f[2]), members));
            } catch (NumberFormatException e) {
                // skip a malformed line
            }
        }
        return out;
    }

    /** The name of a uid in /etc/passwd, or the uid of a name when {@code byName}. */
    public static Optional<String[]> passwdEntry(String passwd, String nameOrUid) {
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && (f[0].equals(nameOrUid) || f[2].equals(nameOrUid))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
