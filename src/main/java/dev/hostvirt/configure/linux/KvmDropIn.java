package dev.hostvirt.configure.linux;

import dev.hostvirt.rules.linux.VirtualBoxKvmMatrix.Persist;

/**
 * The text of /etc/modprobe.d/hostvirt-kvm.conf for what the matrix chose
 * ({@link dev.hostvirt.rules.linux.VirtualBoxKvmMatrix#persist}, shared with the detector).
 */
final class KvmDropIn {
    private KvmDropIn() {
    }

    /** The first line marks it as hostvirt's, so `switch kvm` removes only its own file; null for NONE. */
    static String text(Persist p, String reason) {
        String head = LinuxPlanner.DROP_IN_MARKER + "\n# " + reason + "\n";
        return switch (p) {
            case NONE -> null;
            case ENABLE_VIRT_AT_LOAD_OFF -> head + "options kvm enable_virt_at_load=0\n";
            case BLACKLIST -> head + "blacklist kvm_intel\nblacklist kvm_amd\n";
        };
    }
}
