package dev.hostvirt.engine.bundle;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@code -u USER[:GROUP]} (names or numbers) against the image's /etc/passwd and /etc/group
 * the way Docker does: a number not in passwd is used as is with gid 0 and HOME=/; a name that is not
 * there is an error; supplementary groups are the groups listing the user as a member.
 */
public final class UserResolver {
    public record User(long uid, long gid, List<Long> additionalGids, String home) {
        public User {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    private record Passwd(String name, long uid, long gid, String home) {
    }

    private UserResolver() {
    }

    public static User resolve(String spec, String passwd, String group) {
        // Only an empty user is root: a blank one (-u "$RUNAS" with RUNAS=' ') is a name no passwd has, podman's 126.
        String s = spec == null || spec.isEmpty() ? "0" : spec;
        String userPart = s;
        String groupPart = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            userPart = s.substring(0, colon);
            groupPart = s.substring(colon + 1);
        }
        if (userPart.isEmpty()) {
            userPart = "0";
        }
        Passwd pw = find(userPart, passwd);
        long uid;
        long gid;
        String home;
        if (pw != null) {
            uid = pw.uid();
            gid = pw.gid();
            home = pw.home().isEmpty() ? "/" : pw.home();
        } else if (isNumber(userPart)) {
            uid = Long.parseLong(userPart);
            gid = 0;
            home = uid == 0 ? "/root" : "/";
        } else {
            throw new HostvirtException(Text.of("engine.error.user.notFound", userPart), 126);
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            if (isNumber(groupPart)) {
                gid = Long.parseLong(groupPart);
            } else {
                Long g = groupId(groupPart, group);
                if (g == null) {
                    throw new HostvirtException(Text.of("engine.error.group.notFound", groupPart), 126);
                }
                gid = g;
            }
        }
        List<Long> extra = new ArrayList<>();
        if (pw != null && groupPart == null) {
            for (String line : group.split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && isNumber(f[2])) {
                    for (String member : f[3].split(",")) {
                        if (member.trim().equals(pw.name()) && Long.parseLong(f[2]) != gid) {
                            extra.add(Long.parseLong(f[2]));
                        }
                    }
                }
            }
        }
        // The kernel's IDs are 32-bit and (uid_t)-1 means "unchanged": the runtime refused the rest in its own words.
        if (uid > MAX_ID || gid > MAX_ID) {
            throw new HostvirtException(Text.of("engine.error.user.range", s, MAX_ID), 125);
        }
        return new User(uid, gid, extra, home);
    }

    private static Passwd find(String user, String passwd) {
        boolean numeric = isNumber(user);
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 7 || !isNumber(f[2]) || !isNumber(f[3])) {
                continue;
            }
            if (numeric ? f[2].equals(String.valueOf(Long.parseLong(user))) : f[0].equals(user)) {
                return new Passwd(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f[5]);
            }
        }
        return null;
    }

    private static Long groupId(String name, String group) {
        for (String line : group.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[0].equals(name) && isNumber(f[2])) {
                return Long.parseLong(f[2]);
            }
        }
        return null;
    }

    private static final long MAX_ID = 4_294_967_294L;

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 11 && s.chars().allMatch(Character::isDigit);
    }
}
