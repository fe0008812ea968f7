package dev.hostvirt.rules.linux;

import dev.hostvirt.facts.Software;
import dev.hostvirt.facts.Version;
import dev.hostvirt.facts.linux.Kvm;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.facts.linux.ModprobeConfig;
import dev.hostvirt.facts.linux.OtherHypervisors;
import dev.hostvirt.rules.Check;
import dev.hostvirt.rules.Finding;

/**
 * The KVM / VirtualBox conflict matrix on Linux (shared/reference/linux-anchors.md §5):
 * <ul>
 * <li>Before 6.12 KVM enables VT-x only while one of its VMs runs: an idle kvm_intel coexists.</li>
 * <li>6.12+ (commit b4886fab6fb6) enables it when kvm_intel/kvm_amd loads, by default
 * ({@code kvm.enable_virt_at_load=Y}): VirtualBox up to 7.2.8 fails with VERR_VMX_IN_VMX_ROOT_MODE
 * (Intel) or VERR_SVM_IN_USE (AMD). VirtualBox 7.1.4 documented {@code enable_virt_at_load=0}.</li>
 * <li>VirtualBox 7.2.10+ needs KVM to enable virtualization: the =0 override breaks it
 * (VERR_SVM_HOST_SVME_NOT_ENABLED) except on 6.12 itself.</li>
 * <li>VirtualBox 7.2.10 to 7.2.13 panicked Linux 7.0/7.1 hosts with kvm_intel loaded (fixed in 7.2.14).</li>
 * </ul>
 */
final class KvmConflict {
    private static final Version NEW_METHOD = Version.of(7, 2, 10);
    private static final Version PANIC_FIXED = Version.of(7, 2, 14);

    private KvmConflict() {
    }

    static Finding virtualbox(LinuxFacts facts) {
        Kvm kvm = facts.kvm();
        OtherHypervisors oh = facts.otherHypervisors();
        Check c = Check.of("linux", "virtualbox.kvm-conflict", "file:/sys/module/kvm/parameters/enable_virt_at_load",
                kvm.modulesFact().source(), "file:/proc/cmdline", "path:/etc/modprobe.d");
        String vendor = kvm.vendorModule();
        if (!kvm.modulesFact().known()) {
            return c.skip("notCaptured");
        }
        if (vendor == null || vendor.equals("kvm_pvm")) {
            return c.pass("noVendorModule");
        }
        Version kernel = facts.kernel().value();
        if (kernel == null) {
            return c.skip("notCaptured");
        }
        String atLoad = effectiveAtLoad(kvm, oh);
        if (kernel.below(6, 12) || atLoad == null) {
            return c.pass("onDemand", vendor, kernel.text());
        }
        boolean loadsAtBoot = atLoad.startsWith("Y") || atLoad.equals("1");
        boolean kernel612 = kernel.part(0) == 6 && kernel.part(1) == 12;
        String error = vendor.equals("kvm_amd") ? "VERR_SVM_IN_USE" : "VERR_VMX_IN_VMX_ROOT_MODE";
        String override = overrideSource(oh);
        Software vbox = oh.virtualbox();
        if (!vbox.isInstalled() || vbox.version() == null) {
            return loadsAtBoot
                    ? c.warn("notInstalledAtLoad", c.fix("installNew", vendor), vendor, kernel.text())
                    : c.warn("notInstalledOverride", c.fix("installOld"), override);
        }
        Version v = vbox.version();
        boolean newMethod = v.compareTo(NEW_METHOD) >= 0;
        if (!newMethod || kernel612) {
            if (loadsAtBoot) {
                return c.fail("heldAtLoad", c.fix("heldAtLoad", vendor), v.text(), kernel.text(), vendor, error);
            }
            return c.pass("overrideOk", v.text(), override);
        }
        if (!loadsAtBoot) {
            return c.fail("overrideBreaksNew", c.fix("removeOverride", override), v.text(), override);
        }
        if (v.compareTo(PANIC_FIXED) < 0 && vendor.equals("kvm_intel") && kernel.part(0) == 7
                && (kernel.part(1) == 0 || kernel.part(1) == 1)) {
            return c.warn("panicRisk", c.fix("upgrade"), v.text(), kernel.text());
        }
        return c.pass("newMethod", v.text());
    }

    /** VMware's vmmon tolerates a VMM already in VMX root, but nobody has confirmed it on 6.12+. */
    static Finding vmware(LinuxFacts facts) {
        Kvm kvm = facts.kvm();
        Check c = Check.of("linux", "vmware.kvm-conflict", "file:/sys/module/kvm/parameters/enable_virt_at_load");
        if (!kvm.modulesFact().known()) {
            return c.skip("notCaptured");
        }
        String vendor = kvm.vendorModule();
        Version kernel = facts.kernel().value();
        String atLoad = effectiveAtLoad(kvm, facts.otherHypervisors());
        if (vendor == null || vendor.equals("kvm_pvm") || kernel == null || kernel.below(6, 12)
                || atLoad == null || !(atLoad.startsWith("Y") || atLoad.equals("1"))) {
            return c.pass("free");
        }
        return c.warn("possible", c.fix("possible", vendor), vendor, kernel.text());
    }

    static Finding kvmVmsRunning(LinuxFacts facts, String target) {
        OtherHypervisors oh = facts.otherHypervisors();
        Check c = Check.of("linux", target + ".kvm-vms", "value:linux.kvm.vmProcesses");
        if (oh.kvmVmPids() == null) {
            return c.skip("unknown").optional();
        }
        if (oh.kvmVmPids().isEmpty()) {
            boolean root = facts.identity() != null && facts.identity().root();
            return c.pass(root ? "none" : "noneOwn");
        }
        return c.fail("running", c.fix("stop"), oh.kvmVmPids().toString());
    }

    /** The kernel command line wins over the module parameter file for a built-in or boot-loaded kvm. */
    private static String effectiveAtLoad(Kvm kvm, OtherHypervisors oh) {
        if (kvm.enableVirtAtLoad() != null) {
            return kvm.enableVirtAtLoad();
        }
        return oh.cmdlineVirtAtLoad();
    }

    private static String overrideSource(OtherHypervisors oh) {
        for (ModprobeConfig.Directive d : oh.overrides()) {
            if (d.kind().equals("options") && d.module().equals("kvm") && d.argument().contains("enable_virt_at_load")) {
                return d.file() + ": options kvm " + d.argument();
            }
        }
        if (oh.cmdlineVirtAtLoad() != null) {
            return "/proc/cmdline: kvm.enable_virt_at_load=" + oh.cmdlineVirtAtLoad();
        }
        return "enable_virt_at_load=N";
    }
}
