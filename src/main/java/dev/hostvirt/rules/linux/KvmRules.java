package dev.hostvirt.rules.linux;

import dev.hostvirt.facts.linux.CpuVirtualization;
import dev.hostvirt.facts.linux.Identity;
import dev.hostvirt.facts.linux.Iommu;
import dev.hostvirt.facts.linux.KernelConfig;
import dev.hostvirt.facts.linux.Kvm;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Check;
import dev.hostvirt.rules.Finding;
import java.util.ArrayList;
import java.util.List;

/** Can this host run KVM virtual machines (QEMU, libvirt, GNOME Boxes, the Android emulator)? */
final class KvmRules {
    private final LinuxFacts facts;

    KvmRules(LinuxFacts facts) {
        this.facts = facts;
    }

    List<Finding> evaluate() {
        List<Finding> out = new ArrayList<>();
        out.add(CpuRules.hardwareVirtualization(facts));
        out.add(CpuRules.slat(facts));
        out.add(module());
        out.add(device());
        out.add(nested());
        out.add(tun());
        out.add(vhostNet());
        out.add(iommu());
        return out;
    }

    private boolean hardwareReady() {
        return facts.cpu().missingReason() == CpuVirtualization.Missing.NONE;
    }

    private String vendorModuleFor() {
        return "svm".equals(facts.cpu().virtualization().value()) ? "kvm_amd" : "kvm_intel";
    }

    private Finding module() {
        Kvm kvm = facts.kvm();
        Check c = Check.of("linux", "kvm.module", kvm.modulesFact().source());
        if (!kvm.modulesFact().known()) {
            return c.skip("notCaptured");
        }
        if ("kvm_pvm".equals(kvm.vendorModule())) {
            // PVM (kvm_pvm) runs guests without VT-x, but only guests built with PVM support.
            return c.warn("pvm", c.fix("pvm"));
        }
        if (kvm.vendorModule() != null) {
            return c.pass("ok", kvm.vendorModule());
        }
        if (!hardwareReady()) {
            return c.skip("needsHardware").optional();
        }
        return c.fail("missing", c.fix("load", vendorModuleFor()), vendorModuleFor());
    }

    private Finding device() {
        Kvm kvm = facts.kvm();
        Check c = Check.of("linux", "kvm.device", kvm.deviceState().source());
        String state = kvm.deviceState().value();
        Identity id = facts.identity();
        String user = id == null || id.user() == null ? "?" : id.user();
        PathInfo d = kvm.device();
        if (state == null && kvm.userAccessUnknown()) {
            return c.skip("userAccessUnknown", user);
        }
        if (state == null) {
            return c.skip("notCaptured");
        }
        return switch (state) {
            case Kvm.OK -> c.pass("ok", user, kvm.apiVersion());
            case Kvm.MISSING -> hardwareReady()
                    ? c.fail("missing", c.fix("load", vendorModuleFor()))
                    : c.fail("missingNoHardware", c.fix("hardware"));
            case Kvm.NOT_KVM -> c.fail("notKvm", c.fix("notKvm"), d.type(), d.rdev() == null ? "?" : d.rdev());
            case Kvm.NO_ACCESS -> {
                String group = kvm.deviceGroup() == null ? "kvm" : kvm.deviceGroup();
                if (kvm.inGroupFile() && !kvm.inGroupNow()) {
                    yield c.fail("relogin", c.fix("relogin", group), user, group);
                }
                String mode = d.mode() == null ? "?" : d.mode();
                // Joining the group only helps when the group may read and write: udev's rule sets 0660 kvm.
                boolean groupCanUse = d.mode() != null && (Integer.parseInt(d.mode(), 8) & 060) == 060
                        && !"root".equals(group);
                yield groupCanUse ? c.fail("noAccess", c.fix("group", group, user), user, group, mode)
                        : c.fail("noAccess", c.fix(Boolean.FALSE.equals(kvm.kvmGroupExists()) ? "modeNoGroup" : "mode", user),
                                user, group, mode);
            }
            default -> c.fail("notAnswering", c.fix("notKvm"), kvm.apiVersion() == null ? "-" : kvm.apiVersion());
        };
    }

    private Finding nested() {
        Kvm kvm = facts.kvm();
        String module = kvm.vendorModule();
        Check c = Check.of("linux", "kvm.nested", "file:/sys/module/" + (module == null ? "kvm_*" : module) + "/parameters/nested");
        if (!kvm.modulesFact().known()) {
            return c.skip("notCaptured").optional();
        }
        if (module != null && !module.equals("kvm_pvm") && kvm.nested() == null) {
            return c.skip("notCaptured").optional();
        }
        if (module == null || module.equals("kvm_pvm")) {
            return c.skip("notApplicable").optional();
        }
        boolean on = kvm.nested().startsWith("Y") || kvm.nested().equals("1");
        return on ? c.pass("on", module) : c.warn("off", c.fix("enable", module), module);
    }

    private Finding tun() {
        Check c = Check.of("linux", "kvm.tun", "path:/dev/net/tun");
        Boolean tun = facts.kvm().tun();
        if (tun == null) {
            return c.skip("notCaptured").optional();
        }
        return tun ? c.pass("ok") : c.fail("missing", c.fix("load"));
    }

    private Finding vhostNet() {
        Check c = Check.of("linux", "kvm.vhost-net", "path:/dev/vhost-net");
        Boolean vhost = facts.kvm().vhostNet();
        if (vhost == null) {
            return c.skip("notCaptured").optional();
        }
        if (vhost) {
            return c.pass("ok");
        }
        // Without CONFIG_VHOST_NET there is no module to load: modprobe would only fail.
        boolean notBuilt = facts.kernelConfig().map(k -> k.state("VHOST_NET") == KernelConfig.State.MISSING).orElse(false);
        return notBuilt ? c.warn("notBuilt", c.fix("kernel")) : c.warn("missing", c.fix("load"));
    }

    /**
     * virt-host-validate's "device assignment IOMMU support" and "IOMMU is enabled by kernel" in one
     * finding. Never required: only PCI passthrough needs an IOMMU, so it can never block KVM.
     */
    private Finding iommu() {
        Iommu iommu = facts.iommu();
        Check c = Check.of("linux", "kvm.iommu", "path:" + Iommu.GROUPS, "path:" + Iommu.TABLES + Iommu.DMAR,
                "path:" + Iommu.TABLES + Iommu.IVRS, "file:/proc/cmdline");
        if (iommu.groups() != null && !iommu.groups().isEmpty()) {
            return c.pass("on", iommu.groups().size()).optional();
        }
        if (iommu.groups() == null || iommu.table() == null) {
            return c.skip("notCaptured").optional();
        }
        if (iommu.table().isEmpty()) {
            return c.skip("noHardware").withFix(c.fix("firmware")).optional();
        }
        boolean intel = Iommu.DMAR.equals(iommu.table());
        Object args = iommu.cmdlineArgs() == null || iommu.cmdlineArgs().isEmpty()
                ? Text.of("linux.kvm.iommu.noArgs") : String.join(" ", iommu.cmdlineArgs());
        return c.warn("offInKernel", c.fix(intel ? "intel" : "amd"), iommu.table(),
                intel ? "Intel VT-d" : "AMD-Vi", args).optional();
    }
}
