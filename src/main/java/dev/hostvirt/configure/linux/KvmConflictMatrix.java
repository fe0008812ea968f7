package dev.hostvirt.configure.linux;

import dev.hostvirt.configure.Version;
import java.util.Optional;

/**
 * What /etc/modprobe.d/hostvirt-kvm.conf must say so that VirtualBox can own VT-x/AMD-V, by kernel and
 * VirtualBox version (shared/reference/linux-anchors.md 5.2-5.5):
 * <ul>
 * <li>Before 6.12 an idle kvm_intel enables VMX only while a KVM VM exists (commit 10474ae8945c), so
 *     VirtualBox before 7.2.10 needs nothing.</li>
 * <li>6.12 added kvm.enable_virt_at_load (default Y, commit b4886fab6fb6): VirtualBox up to 7.2.8 needs
 *     {@code options kvm enable_virt_at_load=0}, which keeps KVM usable on demand.</li>
 * <li>VirtualBox 7.2.10 requires KVM initialisation itself and breaks with =0
 *     (VERR_SVM_HOST_SVME_NOT_ENABLED, VirtualBox/virtualbox#711, #713) except on 6.12, where it still
 *     needs =0; elsewhere the vendor modules must stay unloaded: blacklist them.</li>
 * <li>A version we cannot read: blacklist, the one choice that works with every VirtualBox version.</li>
 * </ul>
 */
public final class KvmConflictMatrix {
    public enum Persist {
        NONE, ENABLE_VIRT_AT_LOAD_OFF, BLACKLIST
    }

    static final Version LINUX_6_12 = Version.of(6, 12, 0);
    static final Version LINUX_6_13 = Version.of(6, 13, 0);
    static final Version VBOX_7_2_10 = Version.of(7, 2, 10);

    private KvmConflictMatrix() {
    }

    public static Persist decide(Optional<Version> kernel, Optional<Version> virtualbox) {
        if (kernel.isEmpty()) {
            return Persist.BLACKLIST;
        }
        Version k = kernel.get();
        boolean is612 = k.atLeast(LINUX_6_12) && !k.atLeast(LINUX_6_13);
        if (is612) {
            return Persist.ENABLE_VIRT_AT_LOAD_OFF;
        }
        if (virtualbox.isEmpty()) {
            return Persist.BLACKLIST;
        }
        boolean newVbox = virtualbox.get().atLeast(VBOX_7_2_10);
        if (newVbox) {
            return Persist.BLACKLIST;
        }
        return k.atLeast(LINUX_6_12) ? Persist.ENABLE_VIRT_AT_LOAD_OFF : Persist.NONE;
    }

    /** The drop-in's text; the first line marks it as hostvirt's, so `switch kvm` removes only its own file. */
    public static String dropIn(Persist p, String reason) {
        String head = LinuxPlanner.DROP_IN_MARKER + "\n# " + reason + "\n";
        return switch (p) {
            case NONE -> null;
            case ENABLE_VIRT_AT_LOAD_OFF -> head + "options kvm enable_virt_at_load=0\n";
            case BLACKLIST -> head + "blacklist kvm_intel\nblacklist kvm_amd\n";
        };
    }
}
