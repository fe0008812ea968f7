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
 * Judges the running state against the KVM / VirtualBox matrix ({@link VirtualBoxKvmMatrix}, which
 * `switch virtualbox` plans from too). VirtualBox up to 7.2.8 fails with VERR_VMX_IN_VMX_ROOT_MODE
 * (Intel) or VERR_SVM_IN_USE (AMD) when KVM holds VT-x/AMD-V.
 */
final class KvmConflict {

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
        if (!VirtualBoxKvmMatrix.onDemandKernel(kernel) && atLoad == null && !kvm.enableVirtAtLoadKnown()) {
            // 6.12+ has the parameter (default Y); a missing record is not the kernel lacking it.
            return c.skip("atLoadNotCaptured", kernel.text());
        }
        if (VirtualBoxKvmMatrix.onDemandKernel(kernel) || atLoad == null) {
            return c.pass("onDemand", vendor, kernel.text());
        }
        boolean loadsAtBoot = atLoad.startsWith("Y") || atLoad.equals("1");
        String error = vendor.equals("kvm_amd") ? "VERR_SVM_IN_USE" : "VERR_VMX_IN_VMX_ROOT_MODE";
        String override = overrideSource(oh);
        Software vbox = oh.virtualbox();
        if (!vbox.isInstalled() || vbox.version() == null) {
            if (VirtualBoxKvmMatrix.kernel612(kernel) && !loadsAtBoot) {
                // On 6.12 every VirtualBox version needs N: nothing to choose when installing one.
                return c.pass("override612", override);
            }
            return loadsAtBoot
                    ? c.warn("notInstalledAtLoad", c.fix("installNew", vendor), vendor, kernel.text())
                    : c.warn("notInstalledOverride", c.fix("installOld"), override);
        }
        Version v = vbox.version();
        if (!VirtualBoxKvmMatrix.needsVirtAtLoad(kernel, v)) {
            if (loadsAtBoot) {
                return c.fail("heldAtLoad", c.fix("heldAtLoad", vendor), v.text(), kernel.text(), vendor, error);
            }
            return c.pass("overrideOk", v.text(), override);
        }
        if (!loadsAtBoot) {
            return c.fail("overrideBreaksNew", c.fix("removeOverride", override), v.text(), override);
        }
        if (VirtualBoxKvmMatrix.panicRisk(kernel, v, vendor)) {
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
        if (vendor != null && !vendor.equals("kvm_pvm") && kernel == null) {
            return c.skip("notCaptured");
        }
        if (vendor != null && !vendor.equals("kvm_pvm") && !VirtualBoxKvmMatrix.onDemandKernel(kernel)
                && atLoad == null && !kvm.enableVirtAtLoadKnown()) {
            return c.skip("notCaptured");
        }
        if (vendor == null || vendor.equals("kvm_pvm") || kernel == null || VirtualBoxKvmMatrix.onDemandKernel(kernel)
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
