package dev.hostvirt.facts.linux;

import dev.hostvirt.host.PathInfo;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a user other than this process (the caller behind sudo) may open a node read-write. The
 * recorded readable/writable flags are the process's own (root's) access, so this decides from the
 * node's mode, owner and group and the user's uid, primary gid and /etc/group memberships, as the
 * kernel does. ACLs are not recorded: when only an ACL could grant access (a named entry under a
 * mask that allows read-write, e.g. logind's uaccess), the answer is unknown, never yes.
 */
final class UserAccess {
    enum Answer { YES, NO, UNKNOWN }

    private UserAccess() {
    }

    /** {@code passwd}/{@code groups} are the texts of /etc/passwd and /etc/group, null when not captured. */
    static Answer readWrite(PathInfo node, String user, String passwd, String groups) {
        if (node == null || node.mode() == null || user == null || passwd == null || groups == null) {
            return Answer.UNKNOWN;
        }
        Optional<String[]> entry = Identity.passwdEntry(passwd, user).filter(f -> f[0].equals(user));
        if (entry.isEmpty()) {
            return Answer.UNKNOWN;
        }
        long uid;
        Set<Long> gids = new HashSet<>();
        try {
            uid = Long.parseLong(entry.get()[2]);
            gids.add(Long.parseLong(entry.get()[3]));
        } catch (NumberFormatException e) {
            return Answer.UNKNOWN;
        }
        Long deviceGid = null;
        for (Identity.Group g : Identity.parseGroups(groups)) {
            if (g.members().contains(user)) {
                gids.add(g.gid());
            }
            if (g.name().equals(node.group()) || Long.toString(g.gid()).equals(node.group())) {
                deviceGid = g.gid();
            }
        }
        if (deviceGid == null && node.group() != null && node.group().matches("\\d+")) {
            deviceGid = Long.parseLong(node.group());
        }
        Long ownerUid = node.owner() == null ? null : Identity.passwdEntry(passwd, node.owner())
                .map(f -> Long.parseLong(f[2])).orElse(node.owner().matches("\\d+") ? Long.parseLong(node.owner()) : null);
        int mode = Integer.parseInt(node.mode(), 8);
        Set<Boolean> asOwner = ownerUid == null ? Set.of(true, false) : Set.of(ownerUid == uid);
        Set<Boolean> inGroup = deviceGid == null ? Set.of(true, false) : Set.of(gids.contains(deviceGid));
        Set<Answer> answers = new HashSet<>();
        for (boolean owner : asOwner) {
            for (boolean member : inGroup) {
                answers.add(decide(mode, owner, member));
            }
        }
        return answers.size() == 1 ? answers.iterator().next() : Answer.UNKNOWN;
    }

    private static Answer decide(int mode, boolean owner, boolean member) {
        if (owner) {
            return rw(mode >> 6) ? Answer.YES : Answer.NO;
        }
        if (member ? rw(mode >> 3) : rw(mode)) {
            return Answer.YES;
        }
        // The group bits are the ACL mask when an ACL is set: a named user or group entry could grant it.
        return rw(mode >> 3) ? Answer.UNKNOWN : Answer.NO;
    }

    private static boolean rw(int bits) {
        return (bits & 06) == 06;
    }
}
