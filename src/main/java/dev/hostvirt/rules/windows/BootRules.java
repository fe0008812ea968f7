package dev.hostvirt.rules.windows;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.windows.FeatureState;
import dev.hostvirt.facts.windows.LaunchType;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;
import java.util.List;

/** hypervisorlaunchtype and pending reboots. */
final class BootRules {
    private final WindowsFacts facts;
    private final UnknownReasons why;

    BootRules(WindowsFacts facts, UnknownReasons why) {
        this.facts = facts;
        this.why = why;
    }

    Finding launchType() {
        Fact<LaunchType> lt = facts.boot().launchType();
        Fact<Boolean> running = facts.machine().windowsHypervisorRunning();
        Text title = Text.of("windows.launchtype.title");
        String id = "windows.launchtype";
        if (!lt.known()) {
            if (Boolean.TRUE.equals(running.value())) {
                return Finding.pass(id, title, Text.of("windows.launchtype.running")).withSources(running.source(), lt.source());
            }
            if (facts.boot().launchTypeNeedsElevation()) {
                return Finding.skip(id, title, why.elevationNeeded()).withSources(lt.source(), "value:process.elevated");
            }
            return Finding.skip(id, title, why.unknown(lt.source())).withSources(lt.source());
        }
        return switch (lt.value()) {
            case AUTO -> Finding.pass(id, title, Text.of("windows.launchtype.auto")).withSources(lt.source());
            case OFF -> Finding.fail(id, title, Text.of("windows.launchtype.off"),
                    Fixes.ELEVATED_REBOOT.fix("windows.fix.launchtype.auto")).withSources(lt.source());
            default -> hyperVInstalled()
                    ? Finding.warn(id, title, Text.of("windows.launchtype.absent.installed"),
                            Fixes.ELEVATED_REBOOT.fix("windows.fix.launchtype.auto")).withSources(lt.source())
                    : Finding.pass(id, title, Text.of("windows.launchtype.absent")).withSources(lt.source());
        };
    }

    private boolean hyperVInstalled() {
        return facts.features().feature("Microsoft-Hyper-V-All").value() == FeatureState.ENABLED
                || facts.features().feature("Microsoft-Hyper-V-Hypervisor").value() == FeatureState.ENABLED
                || facts.features().feature("VirtualMachinePlatform").value() == FeatureState.ENABLED;
    }

    /** A reboot is pending: servicing keys, or the boot setting and the running state disagree. */
    void reboot(List<Finding> out) {
        Text title = Text.of("windows.reboot.title");
        Fact<Boolean> pending = facts.boot().rebootPending();
        if (Boolean.TRUE.equals(pending.value())) {
            out.add(Finding.warn("windows.reboot", title, Text.of("windows.reboot.servicing"),
                    Fixes.NOTHING.fix("windows.fix.reboot")).withSources(pending.source()).optional());
            return;
        }
        LaunchType lt = facts.boot().launchType().value();
        Boolean running = facts.machine().windowsHypervisorRunning().value();
        boolean hardware = !facts.machine().insideVirtualMachine() && facts.machine().virtualMachine().known();
        if (hardware && lt == LaunchType.AUTO && Boolean.FALSE.equals(running)
                && Boolean.TRUE.equals(facts.machine().firmwareVirtualization().value()) && hyperVInstalled()) {
            out.add(Finding.warn("windows.reboot", title, Text.of("windows.reboot.toStart"),
                    Fixes.NOTHING.fix("windows.fix.reboot")).withSources(facts.boot().launchType().source(),
                            facts.machine().hypervisorPresent().source()).optional());
        } else if (hardware && lt == LaunchType.OFF && Boolean.TRUE.equals(running)
                && List.of().equals(facts.security().hypervisorPinnedBy())) {
            out.add(Finding.warn("windows.reboot", title, Text.of("windows.reboot.toStop"),
                    Fixes.NOTHING.fix("windows.fix.reboot")).withSources(facts.boot().launchType().source(),
                            facts.machine().hypervisorPresent().source()).optional());
        }
    }
}
