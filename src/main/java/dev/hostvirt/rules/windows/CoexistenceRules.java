package dev.hostvirt.rules.windows;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.Version;
import dev.hostvirt.facts.windows.FeatureState;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;
import java.util.ArrayList;
import java.util.List;

/** VirtualBox and VMware beside the Windows hypervisor, and what keeps that hypervisor up (anchors 1.10, 5). */
final class CoexistenceRules {
    static final Version VIRTUALBOX_NEM = Version.of(6, 0, 0);
    static final Version VMWARE_WHP = Version.of(15, 5, 5);

    private final WindowsFacts facts;
    private final UnknownReasons why;

    CoexistenceRules(WindowsFacts facts, UnknownReasons why) {
        this.facts = facts;
        this.why = why;
    }

    Finding installed(String id, Fact<Version> version, Boolean installed) {
        Text title = Text.of(id + ".title");
        if (version.known()) {
            return Finding.pass(id, title, Text.of("windows.installed.version", version.value().padded())).withSources(version.source());
        }
        return Finding.skip(id, title, Text.of(Boolean.FALSE.equals(installed) ? "windows.installed.no" : "windows.installed.unknown"))
                .withSources(version.source()).optional();
    }

    /** What stops with the hypervisor: the products found, else the kinds that need it (never "-"). */
    private Object dependents() {
        List<String> d = facts.products().hypervisorDependents();
        return d.isEmpty() ? Text.of("windows.dependents.none-found") : String.join(", ", d);
    }

    void virtualBoxBesideHypervisor(List<Finding> out) {
        Fact<Boolean> running = facts.machine().windowsHypervisorRunning();
        Fact<Version> version = facts.products().virtualBoxVersion();
        Text title = Text.of("windows.virtualbox.hypervisor.title");
        String id = "windows.virtualbox.hypervisor";
        if (!running.known()) {
            out.add(unknownHypervisor(id, title, running));
            return;
        }
        if (!running.value()) {
            out.add(Finding.pass(id, title, Text.of("windows.virtualbox.hypervisor.off")).withSources(running.source()));
            return;
        }
        List<String> pinned = facts.security().hypervisorPinnedBy();
        boolean old = version.known() && !version.value().atLeast(VIRTUALBOX_NEM);
        if (old) {
            Text fix = pinned != null && !pinned.isEmpty()
                    ? Fixes.ELEVATED_REBOOT.fix("windows.fix.hypervisorOff.pinned", pinnedNames(pinned), dependents())
                    : Fixes.ELEVATED_REBOOT.fix("windows.fix.hypervisorOff", dependents());
            out.add(Finding.fail(id, title, Text.of("windows.virtualbox.hypervisor.old", version.value().padded()), fix)
                    .withSources(running.source(), version.source()));
        } else {
            String shown = version.known() ? version.value().padded() : "6.0+";
            out.add(Finding.warn(id, title, Text.of("windows.virtualbox.hypervisor.nem", shown),
                    speedFix(pinned)).withSources(running.source(), version.source()));
            whp(out, "windows.virtualbox.whp");
        }
        pinned(out, pinned);
    }

    void vmwareBesideHypervisor(List<Finding> out) {
        Fact<Boolean> running = facts.machine().windowsHypervisorRunning();
        Fact<Version> version = facts.products().vmwareVersion();
        Text title = Text.of("windows.vmware.hypervisor.title");
        String id = "windows.vmware.hypervisor";
        if (!running.known()) {
            out.add(unknownHypervisor(id, title, running));
            return;
        }
        if (!running.value()) {
            out.add(Finding.pass(id, title, Text.of("windows.vmware.hypervisor.off")).withSources(running.source()));
            return;
        }
        List<String> pinned = facts.security().hypervisorPinnedBy();
        Fact<Integer> build = facts.build();
        Fact<Integer> ubr = facts.ubr();
        // VMware 15.5.5 runs on the Windows Hypervisor Platform from Windows 10 2004 (19041.264).
        Boolean windowsOk = !build.known() ? null : build.value() > 19041 ? Boolean.TRUE
                : build.value() < 19041 ? Boolean.FALSE : ubr.known() ? (Boolean) (ubr.value() >= 264) : null;
        boolean oldVmware = version.known() && !version.value().atLeast(VMWARE_WHP);
        if (oldVmware || Boolean.FALSE.equals(windowsOk)) {
            Text fix = pinned != null && !pinned.isEmpty()
                    ? Fixes.ELEVATED_REBOOT.fix("windows.fix.hypervisorOff.pinned", pinnedNames(pinned), dependents())
                    : Fixes.ELEVATED_REBOOT.fix("windows.fix.hypervisorOff", dependents());
            out.add(Finding.fail(id, title, Text.of("windows.vmware.hypervisor.old",
                    version.known() ? version.value().padded() : "?", facts.buildString()), fix)
                    .withSources(running.source(), version.source(), build.source()));
        } else if (windowsOk == null) {
            out.add(Finding.skip(id, title, why.unknown(build.source())).withSources(build.source()));
        } else {
            String shown = version.known() ? version.value().padded() : "15.5.5+";
            out.add(Finding.warn(id, title, Text.of("windows.vmware.hypervisor.whp", shown), speedFix(pinned))
                    .withSources(running.source(), version.source()));
            whp(out, "windows.vmware.whp");
        }
        pinned(out, pinned);
    }

    private Finding unknownHypervisor(String id, Text title, Fact<Boolean> running) {
        Fact<String> vm = facts.machine().virtualMachine();
        Text detail = facts.machine().insideVirtualMachine() ? Text.of("windows.hypervisor.guest", vm.value())
                : why.unknown(running.source());
        return Finding.skip(id, title, detail).withSources(running.source(), vm.source());
    }

    private Text speedFix(List<String> pinned) {
        return pinned != null && !pinned.isEmpty()
                ? Fixes.ELEVATED_REBOOT.fix("windows.fix.fullSpeed.pinned", pinnedNames(pinned), dependents())
                : Fixes.ELEVATED_REBOOT.fix("windows.fix.fullSpeed", dependents());
    }

    private void whp(List<Finding> out, String id) {
        Fact<FeatureState> f = facts.features().feature("HypervisorPlatform");
        Text title = Text.of("windows.whp.title");
        if (f.value() == FeatureState.ENABLED) {
            out.add(Finding.pass(id, title, Text.of("windows.whp.pass")).withSources(f.source()));
        } else if (f.value() == FeatureState.DISABLED || f.value() == FeatureState.ABSENT) {
            out.add(Finding.fail(id, title, Text.of("windows.whp.fail"),
                    Fixes.ELEVATED_REBOOT.fix("windows.fix.feature", "HypervisorPlatform")).withSources(f.source()));
        } else {
            out.add(Finding.skip(id, title, why.unknown(f.source())).withSources(f.source()));
        }
    }

    /** Names what keeps the hypervisor up, so that nobody expects "hypervisorlaunchtype off" to free VT-x. */
    private void pinned(List<Finding> out, List<String> pinned) {
        Text title = Text.of("windows.hypervisor.pinned.title");
        if (pinned == null) {
            out.add(Finding.skip("windows.hypervisor.pinned", title, Text.of("windows.unknown",
                    facts.security().hvci().source())).withSources(facts.security().hvci().source()).optional());
        } else if (pinned.isEmpty()) {
            out.add(Finding.pass("windows.hypervisor.pinned", title, Text.of("windows.hypervisor.pinned.none"))
                    .withSources(facts.security().hvci().source(), facts.security().vbs().source()));
        } else {
            out.add(Finding.warn("windows.hypervisor.pinned", title, Text.of("windows.hypervisor.pinned.detail",
                    pinnedNames(pinned)), Fixes.ELEVATED_REBOOT.fix("windows.fix.pinned", pinnedNames(pinned)))
                    .withSources(facts.security().hvci().source(), facts.security().credentialGuard().source(), facts.security().vbs().source()));
        }
    }

    private static Text pinnedNames(List<String> pinned) {
        List<Object> names = new ArrayList<>();
        for (String p : pinned) {
            names.add(Text.of("windows.vbs.name." + p));
        }
        return switch (names.size()) {
            case 1 -> Text.of("windows.list.1", names.get(0));
            case 2 -> Text.of("windows.list.2", names.get(0), names.get(1));
            default -> Text.of("windows.list.3", names.get(0), names.get(1), names.get(2));
        };
    }
}
