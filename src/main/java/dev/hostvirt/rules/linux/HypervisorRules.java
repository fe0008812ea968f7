package dev.hostvirt.rules.linux;

import dev.hostvirt.facts.Software;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.facts.linux.OtherHypervisors;
import dev.hostvirt.rules.Check;
import dev.hostvirt.rules.Finding;
import java.util.ArrayList;
import java.util.List;

/** VirtualBox and VMware Workstation on a Linux host. */
final class HypervisorRules {
    private final LinuxFacts facts;

    HypervisorRules(LinuxFacts facts) {
        this.facts = facts;
    }

    List<Finding> virtualbox() {
        List<Finding> out = new ArrayList<>();
        out.add(CpuRules.hardwareVirtualization(facts));
        OtherHypervisors oh = facts.otherHypervisors();
        Software vbox = oh.virtualbox();
        Check installed = Check.of("linux", "virtualbox.installed", vbox.source());
        out.add(switch (vbox.state()) {
            case INSTALLED -> installed.pass("ok", vbox.version() == null ? "?" : vbox.version().text());
            case ABSENT -> installed.warn("absent", installed.fix("install"));
            case UNKNOWN -> installed.skip("notCaptured").optional();
        });
        out.add(vboxDriver(oh));
        out.add(KvmConflict.virtualbox(facts));
        out.add(KvmConflict.kvmVmsRunning(facts, "virtualbox"));
        return out;
    }

    List<Finding> vmware() {
        List<Finding> out = new ArrayList<>();
        out.add(CpuRules.hardwareVirtualization(facts));
        OtherHypervisors oh = facts.otherHypervisors();
        Software vmware = oh.vmware();
        Check installed = Check.of("linux", "vmware.installed", vmware.source());
        out.add(switch (vmware.state()) {
            case INSTALLED -> installed.pass("ok", vmware.version() == null ? "?" : vmware.version().text());
            case ABSENT -> installed.warn("absent", installed.fix("install"));
            case UNKNOWN -> installed.skip("notCaptured").optional();
        });
        Check modules = Check.of("linux", "vmware.modules", "path:/sys/module/vmmon", "path:/sys/module/vmnet");
        if (vmware.state() == Software.State.UNKNOWN) {
            out.add(modules.skip("notCaptured").optional());
        } else if (!vmware.isInstalled()) {
            out.add(modules.skip("notInstalled").optional());
        } else if (!oh.vmwareModulesKnown()) {
            out.add(modules.skip("notCaptured"));
        } else if (oh.vmwareModules().contains("vmmon")) {
            out.add(modules.pass("ok", String.join(", ", oh.vmwareModules())));
        } else {
            out.add(Boolean.TRUE.equals(oh.secureBoot())
                    ? modules.fail("secureBoot", modules.fix("secureBoot"))
                    : modules.fail("missing", modules.fix("build")));
        }
        out.add(KvmConflict.vmware(facts));
        out.add(KvmConflict.kvmVmsRunning(facts, "vmware"));
        return out;
    }

    private Finding vboxDriver(OtherHypervisors oh) {
        String release = facts.kernelRelease();
        Check c = release == null ? Check.of("linux", "virtualbox.driver", "path:/sys/module/vboxdrv", "path:/dev/vboxdrv")
                : Check.of("linux", "virtualbox.driver", "path:/sys/module/vboxdrv", "path:/dev/vboxdrv",
                        "path:/lib/modules/" + release);
        if (oh.virtualbox().state() == Software.State.UNKNOWN) {
            return c.skip("notCaptured").optional();
        }
        if (!oh.virtualbox().isInstalled()) {
            return c.skip("notInstalled").optional();
        }
        if (!oh.vboxModulesKnown()) {
            return c.skip("notCaptured");
        }
        if (oh.vboxModules().contains("vboxdrv") && !Boolean.FALSE.equals(oh.vboxDevice())) {
            return c.pass("ok", String.join(", ", oh.vboxModules()));
        }
        if (Boolean.FALSE.equals(oh.vboxModuleBuilt())) {
            return c.fail("notBuilt", c.fix("vboxconfig"), facts.kernelRelease());
        }
        if (Boolean.TRUE.equals(oh.secureBoot())) {
            return c.fail("secureBoot", c.fix("secureBoot"));
        }
        return c.fail("notLoaded", c.fix("modprobe"));
    }
}
