package dev.hostvirt.rules.linux;

import dev.hostvirt.facts.Version;

/**
 * The one statement of the KVM / VirtualBox matrix on Linux (shared/reference/linux-anchors.md §5):
 * the detector ({@link KvmConflict}) judges the running state with it, and `switch virtualbox`
 * chooses its modprobe.d drop-in with it, so a plan can never set up what `check` then fails.
 * <ul>
 * <li>Before 6.12 KVM enables VT-x/AMD-V only while one of its VMs runs (commit 10474ae8945c): an
 * idle kvm_intel/kvm_amd coexists with VirtualBox.</li>
 * <li>6.12 added kvm.enable_virt_at_load, default Y (commit b4886fab6fb6): VirtualBox up to 7.2.8
 * needs it N ({@code options kvm enable_virt_at_load=0}, VirtualBox 7.1.4 changelog), which keeps
 * KVM usable on demand.</li>
 * <li>VirtualBox 7.2.10 needs KVM to enable virtualization itself and breaks with N
 * (VERR_SVM_HOST_SVME_NOT_ENABLED, VirtualBox/virtualbox#711, #713), except on 6.12, where it still
 * needs N (void-packages#61332). It works when no vendor module is loaded, on every kernel.</li>
 * <li>VirtualBox 7.2.10 to 7.2.13 panicked Linux 7.0/7.1 hosts with kvm_intel loaded (#712, fixed in 7.2.14).</li>
 * </ul>
 */
public final class VirtualBoxKvmMatrix {
    /** What hostvirt's drop-in says: nothing, {@code options kvm enable_virt_at_load=0}, or blacklist the vendor modules. */
    public enum Persist {
        NONE, ENABLE_VIRT_AT_LOAD_OFF, BLACKLIST
    }

    static final Version NEW_METHOD = Version.of(7, 2, 10);
    static final Version PANIC_FIXED = Version.of(7, 2, 14);

    private VirtualBoxKvmMatrix() {
    }

    /** KVM holds VT-x only while one of its VMs runs, whatever is loaded (kernels before 6.12). */
    public static boolean onDemandKernel(Version kernel) {
        return kernel.below(6, 12);
    }

    public static boolean kernel612(Version kernel) {
        return kernel.part(0) == 6 && kernel.part(1) == 12;
    }

    /** VirtualBox 7.2.10 and later: KVM must have enabled virtualization (or not be loaded at all). */
    public static boolean newMethod(Version virtualbox) {
        return virtualbox.compareTo(NEW_METHOD) >= 0;
    }

    /**
     * On a 6.12+ kernel with a vendor module loaded, the enable_virt_at_load this VirtualBox needs:
     * false (N) for 7.2.8 and older and for every version on 6.12, true (Y) for 7.2.10+ elsewhere.
     */
    public static boolean needsVirtAtLoad(Version kernel, Version virtualbox) {
        return newMethod(virtualbox) && !kernel612(kernel);
    }

    /** The 7.2.10-7.2.13 panic with kvm_intel on Linux 7.0 and 7.1. */
    public static boolean panicRisk(Version kernel, Version virtualbox, String vendorModule) {
        return newMethod(virtualbox) && virtualbox.compareTo(PANIC_FIXED) < 0 && "kvm_intel".equals(vendorModule)
                && kernel.part(0) == 7 && (kernel.part(1) == 0 || kernel.part(1) == 1);
    }

    /**
     * The drop-in `switch virtualbox` persists, from the kernel and VirtualBox versions (null: unknown).
     * The state after the next boot must be one {@link KvmConflict#virtualbox} passes:
     * <ul>
     * <li>6.12: N, right for every VirtualBox version.</li>
     * <li>Kernel or VirtualBox version unknown (elsewhere): blacklist; no vendor module is the one state
     * every combination accepts.</li>
     * <li>VirtualBox 7.2.8 or older: N from 6.13 on (nothing before 6.12, where on-demand is the default).</li>
     * <li>VirtualBox 7.2.10 or later: blacklist. Y would also pass, but a distribution's
     * {@code enable_virt_at_load=0} (Debian's virtualbox-dkms.modprobe.conf) would then break it after the
     * next boot, the 7.0/7.1 panic needs kvm_intel absent, and nobody reports 7.2.10's method on
     * pre-6.12 kernels; the user switching to VirtualBox asked for KVM out of the way anyway.</li>
     * </ul>
     */
    public static Persist persist(Version kernel, Version virtualbox) {
        if (kernel != null && kernel612(kernel)) {
            return Persist.ENABLE_VIRT_AT_LOAD_OFF;
        }
        if (kernel == null || virtualbox == null || newMethod(virtualbox)) {
            return Persist.BLACKLIST;
        }
        return onDemandKernel(kernel) ? Persist.NONE : Persist.ENABLE_VIRT_AT_LOAD_OFF;
    }
}
