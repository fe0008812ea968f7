package dev.hostvirt.facts.linux;

/**
 * What rootless containers need for one user (podman's rootless tutorial, dockerd-rootless-setuptool).
 *
 * @param user              the user the checks are about (the sudo caller when run through sudo)
 * @param asRoot            the checks run as root for root itself: user-level checks cannot apply
 * @param maxUserNamespaces /proc/sys/user/max_user_namespaces, null when unknown
 * @param unprivilegedClone Debian's kernel.unprivileged_userns_clone, null when the kernel lacks it
 * @param apparmorRestrict  Ubuntu's kernel.apparmor_restrict_unprivileged_userns, null when absent
 * @param unshareWorks      `unshare -Ur true` as this user, null when not tried
 * @param newuidmap         path of newuidmap, null when not installed
 * @param newuidmapSetuid   it carries the setuid bit
 * @param notCaptured       programs whose presence was not captured (null above means unknown for them)
 */
public record Rootless(String user, boolean asRoot, Long maxUserNamespaces, String unprivilegedClone,
        String apparmorRestrict, Boolean unshareWorks, Long subuidCount, Long subgidCount, String newuidmap,
        boolean newuidmapSetuid, String newgidmap, boolean newgidmapSetuid, Boolean fuse, String fuseOverlayfs,
        String pasta, String slirp4netns, java.util.Set<String> notCaptured) {

    public Rootless {
        notCaptured = java.util.Set.copyOf(notCaptured);
    }

    public boolean unknown(String program) {
        return notCaptured.contains(program);
    }
}
