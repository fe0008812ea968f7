package dev.hostvirt.rules.windows;

import static dev.hostvirt.rules.windows.WindowsTargets.*;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.windows.Edition;
import dev.hostvirt.facts.windows.FeatureState;
import dev.hostvirt.facts.windows.LaunchType;
import dev.hostvirt.facts.windows.Version;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Windows targets and their checks. Every decision reads typed facts (never text); a fact that
 * is unknown makes its check SKIP, and a check that needs elevation says "run from an elevated
 * prompt" rather than guessing. Requirements and versions: windows-anchors.md 4 and 5.
 */
public final class WindowsRuleSet implements RuleSet {
    static final Version VIRTUALBOX_NEM = Version.of(6, 0, 0);
    static final Version VMWARE_WHP = Version.of(15, 5, 5);
    static final Version DOCKER_MIN_WSL = Version.of(2, 1, 5);

    private final WindowsFacts facts;

    public WindowsRuleSet(WindowsFacts facts) {
        this.facts = facts;
    }

    @Override
    public List<String> targets() {
        return ALL;
    }

    @Override
    public Map<String, String> summary() {
        return facts.summary();
    }

    @Override
    public FactSheet facts() {
        return facts.sheet();
    }

    @Override
    public List<Finding> evaluate(String target) {
        List<Finding> out = new ArrayList<>();
        switch (target) {
            case HYPERV -> {
                hardware(out, true);
                out.add(edition(HYPERV, false));
                out.add(feature("Microsoft-Hyper-V-All", "windows.feature.hyperv"));
                out.add(launchType());
                vmms(out);
                exclusiveDrivers(out);
                reboot(out);
            }
            case VIRTUALBOX -> {
                out.add(installed("windows.virtualbox.installed", facts.products().virtualBoxVersion(), facts.products().virtualBoxInstalled()));
                hardware(out, false);
                virtualBoxBesideHypervisor(out);
                reboot(out);
            }
            case VMWARE -> {
                out.add(installed("windows.vmware.installed", facts.products().vmwareVersion(), facts.products().vmwareInstalled()));
                hardware(out, false);
                vmwareBesideHypervisor(out);
                reboot(out);
            }
            case WSL2 -> {
                hardware(out, false);
                out.add(wslBuild());
                out.add(feature("VirtualMachinePlatform", "windows.feature.vmp"));
                out.add(launchType());
                out.add(wslInstalled());
                out.add(wslDefaultVersion());
                reboot(out);
            }
            case DOCKER_DESKTOP -> {
                hardware(out, true);
                out.add(dockerBuild());
                out.add(dockerBackend());
                out.add(launchType());
                reboot(out);
            }
            case WINDOWS_CONTAINERS -> {
                hardware(out, true);
                out.add(edition(WINDOWS_CONTAINERS, false));
                out.add(minBuild("windows.build.containers", 14393, "1607"));
                out.add(feature("Containers", "windows.feature.containers"));
                if (facts.edition().value() != Edition.SERVER) {
                    // Client editions run Windows containers with Hyper-V isolation.
                    out.add(feature("Microsoft-Hyper-V-All", "windows.feature.hyperv"));
                }
                out.add(launchType());
                reboot(out);
            }
            case SANDBOX -> {
                hardware(out, true);
                out.add(edition(SANDBOX, true));
                out.add(minBuild("windows.build.sandbox", 18362, "1903"));
                out.add(feature("Containers-DisposableClientVM", "windows.feature.sandbox"));
                out.add(launchType());
                reboot(out);
            }
            case CONTAINERS -> {
                // hostvirt's engine runs in its own WSL2 distribution (imported with --version 2).
                hardware(out, false);
                out.add(wslBuild());
                out.add(feature("VirtualMachinePlatform", "windows.feature.vmp"));
                out.add(launchType());
                out.add(wslInstalled());
                reboot(out);
            }
            default -> throw new IllegalArgumentException(target);
        }
        return out;
    }

    // ---- hardware: firmware, CPU, SLAT, or nested virtualization in a VM ----------------------------

    private void hardware(List<Finding> out, boolean slat) {
        Fact<String> vm = facts.machine().virtualMachine();
        if (facts.machine().insideVirtualMachine()) {
            Fact<Boolean> exposed = facts.machine().cpuVirtualization();
            Text title = Text.of("windows.nested.title");
            if (!exposed.known()) {
                out.add(Finding.skip("windows.nested", title, Text.of("windows.nested.unknown", vm.value()))
                        .withSources(exposed.source(), vm.source()));
            } else if (exposed.value()) {
                out.add(Finding.pass("windows.nested", title, Text.of("windows.nested.pass", vm.value()))
                        .withSources(exposed.source(), vm.source()));
            } else {
                out.add(Finding.fail("windows.nested", title, Text.of("windows.nested.fail", vm.value()),
                        Fixes.OUTER_HOST.fix("windows.fix.nested." + vm.value()))
                        .withSources(exposed.source(), vm.source()));
            }
            return;
        }
        Fact<Boolean> cpu = facts.machine().cpuVirtualization();
        Text cpuTitle = Text.of("windows.cpu.title");
        if (!cpu.known()) {
            out.add(Finding.skip("windows.cpu", cpuTitle, unknown(cpu.source())).withSources(cpu.source()));
        } else if (cpu.value()) {
            out.add(Finding.pass("windows.cpu", cpuTitle, Text.of("windows.cpu.pass")).withSources(cpu.source()));
        } else {
            out.add(Finding.fail("windows.cpu", cpuTitle, Text.of("windows.cpu.fail"),
                    Fixes.HARDWARE.fix("windows.fix.cpu")).withSources(cpu.source()));
        }
        Fact<Boolean> fw = facts.machine().firmwareVirtualization();
        Text fwTitle = Text.of("windows.firmware.title");
        if (!fw.known()) {
            out.add(Finding.skip("windows.firmware", fwTitle, unknown(fw.source())).withSources(fw.source()));
        } else if (fw.value()) {
            out.add(Finding.pass("windows.firmware", fwTitle, Text.of("windows.firmware.pass")).withSources(fw.source()));
        } else {
            out.add(Finding.fail("windows.firmware", fwTitle, Text.of("windows.firmware.fail"),
                    Fixes.FIRMWARE.fix("windows.fix.firmware")).withSources(fw.source()));
        }
        if (slat) {
            Fact<Boolean> s = facts.machine().cpuSlat();
            Text title = Text.of("windows.slat.title");
            if (!s.known()) {
                out.add(Finding.skip("windows.slat", title, unknown(s.source())).withSources(s.source()));
            } else if (s.value()) {
                out.add(Finding.pass("windows.slat", title, Text.of("windows.slat.pass")).withSources(s.source()));
            } else {
                out.add(Finding.fail("windows.slat", title, Text.of("windows.slat.fail"),
                        Fixes.HARDWARE.fix("windows.fix.slat")).withSources(s.source()));
            }
        }
    }

    // ---- edition and build -----------------------------------------------------------------------

    private Finding edition(String target, boolean clientOnly) {
        Fact<Edition> e = facts.edition();
        Text title = Text.of("windows.edition.title", target);
        if (!e.known()) {
            return Finding.skip("windows.edition", title, unknown(e.source())).withSources(e.source());
        }
        Edition ed = e.value();
        boolean ok = ed.allowsHyperV() && !(clientOnly && ed == Edition.SERVER);
        if (ok) {
            return Finding.pass("windows.edition", title, Text.of("windows.edition.pass", ed.id(), target))
                    .withSources(e.source());
        }
        return Finding.fail("windows.edition", title, Text.of("windows.edition.fail", ed.id(), target),
                Fixes.UPGRADE.fix("windows.fix.edition." + (ed == Edition.SERVER ? "server" : "home"), target))
                .withSources(e.source());
    }

    private Finding minBuild(String id, int min, String release) {
        Fact<Integer> b = facts.build();
        Text title = Text.of("windows.build.title", release, min);
        if (!b.known()) {
            return Finding.skip(id, title, unknown(b.source())).withSources(b.source());
        }
        if (b.value() >= min) {
            return Finding.pass(id, title, Text.of("windows.build.pass", facts.buildString())).withSources(b.source());
        }
        return Finding.fail(id, title, Text.of("windows.build.fail", facts.buildString(), min),
                Fixes.UPDATE.fix("windows.fix.build", release, min)).withSources(b.source());
    }

    /** WSL2: x64 build 18362/18363 with UBR 1049+, or 19041+; ARM64 19041+ (learn.microsoft.com/windows/wsl/install-manual). */
    private Finding wslBuild() {
        Fact<Integer> b = facts.build();
        boolean arm = "arm64".equals(facts.arch().value());
        Text title = Text.of("windows.build.wsl.title");
        if (!b.known()) {
            return Finding.skip("windows.build.wsl", title, unknown(b.source())).withSources(b.source());
        }
        int build = b.value();
        Boolean ok;
        if (build >= 19041) {
            ok = true;
        } else if (arm || build < 18362) {
            ok = false;
        } else {
            Fact<Integer> ubr = facts.ubr();
            ok = (build == 18362 || build == 18363) && ubr.known() ? ubr.value() >= 1049 : null;
        }
        if (ok == null) {
            return Finding.skip("windows.build.wsl", title, Text.of("windows.build.wsl.ubr", facts.buildString()))
                    .withSources(b.source());
        }
        if (ok) {
            return Finding.pass("windows.build.wsl", title, Text.of("windows.build.pass", facts.buildString()))
                    .withSources(b.source());
        }
        return Finding.fail("windows.build.wsl", title, Text.of("windows.build.wsl.fail", facts.buildString(),
                arm ? "19041" : "18362.1049"), Fixes.UPDATE.fix("windows.fix.build", arm ? "2004" : "1903", arm ? "19041" : "18362.1049"))
                .withSources(b.source());
    }

    /** Docker Desktop: Windows 10 22H2 (19045) or Windows 11 23H2 (22631) and later (docker/docs windows-install.md). */
    private Finding dockerBuild() {
        Fact<Integer> b = facts.build();
        Text title = Text.of("windows.build.docker.title");
        if (!b.known()) {
            return Finding.skip("windows.build.docker", title, unknown(b.source())).withSources(b.source());
        }
        int build = b.value();
        boolean ok = (build >= 19045 && build < 22000) || build >= 22631;
        if (ok) {
            return Finding.pass("windows.build.docker", title, Text.of("windows.build.pass", facts.buildString()))
                    .withSources(b.source());
        }
        return Finding.fail("windows.build.docker", title, Text.of("windows.build.docker.fail", facts.buildString()),
                Fixes.UPDATE.fix("windows.fix.build.docker")).withSources(b.source());
    }

    // ---- features, services ----------------------------------------------------------------------

    private Finding feature(String name, String id) {
        Fact<FeatureState> f = facts.features().feature(name);
        Text title = Text.of("windows.feature.title", name);
        if (!f.known() || f.value() == FeatureState.UNKNOWN) {
            return Finding.skip(id, title, unknown(f.source())).withSources(f.source());
        }
        return switch (f.value()) {
            case ENABLED -> Finding.pass(id, title, Text.of("windows.feature.enabled", name)).withSources(f.source());
            case DISABLED -> Finding.fail(id, title, Text.of("windows.feature.disabled", name),
                    Fixes.ELEVATED_REBOOT.fix("windows.fix.feature", name)).withSources(f.source());
            default -> Finding.fail(id, title, Text.of("windows.feature.absent", name),
                    Fixes.UPGRADE.fix("windows.fix.feature.absent", name)).withSources(f.source());
        };
    }

    private void vmms(List<Finding> out) {
        if (facts.features().feature("Microsoft-Hyper-V-All").value() != FeatureState.ENABLED) {
            return;
        }
        Fact<String> s = facts.features().service("vmms");
        Text title = Text.of("windows.service.vmms.title");
        if (!s.known()) {
            out.add(Finding.skip("windows.service.vmms", title, unknown(s.source()))
                    .withSources(s.source()).optional());
        } else if ("running".equals(s.value())) {
            out.add(Finding.pass("windows.service.vmms", title, Text.of("windows.service.vmms.pass")).withSources(s.source()));
        } else if ("absent".equals(s.value())) {
            out.add(Finding.warn("windows.service.vmms", title, Text.of("windows.service.vmms.absent"),
                    Fixes.NOTHING.fix("windows.fix.reboot")).withSources(s.source()));
        } else {
            out.add(Finding.warn("windows.service.vmms", title, Text.of("windows.service.vmms.stopped", s.value()),
                    Fixes.ELEVATED.fix("windows.fix.vmms")).withSources(s.source()));
        }
    }

    private void exclusiveDrivers(List<Finding> out) {
        List<String> drivers = facts.products().exclusiveVtxDrivers();
        if (!drivers.isEmpty()) {
            out.add(Finding.warn("windows.haxm", Text.of("windows.haxm.title"),
                    Text.of("windows.haxm.detail", String.join(", ", drivers)),
                    Fixes.ELEVATED_REBOOT.fix("windows.fix.haxm")).withSources("value:windows.service.intelhaxm",
                            "value:windows.service.aehd"));
        }
    }

    // ---- the hypervisor launch type ---------------------------------------------------------------

    private Finding launchType() {
        Fact<LaunchType> lt = facts.boot().launchType();
        Fact<Boolean> running = facts.machine().windowsHypervisorRunning();
        Text title = Text.of("windows.launchtype.title");
        String id = "windows.launchtype";
        if (!lt.known()) {
            if (Boolean.TRUE.equals(running.value())) {
                return Finding.pass(id, title, Text.of("windows.launchtype.running")).withSources(running.source(), lt.source());
            }
            if (facts.boot().launchTypeNeedsElevation()) {
                return Finding.skip(id, title, elevationNeeded()).withSources(lt.source(), "value:process.elevated");
            }
            return Finding.skip(id, title, unknown(lt.source())).withSources(lt.source());
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

    /** Why a fact is unknown; when this process is not elevated, say so, since that is the usual cause. */
    private Text unknown(String source) {
        return Boolean.FALSE.equals(facts.elevated().value()) ? Text.of("windows.unknown.unelevated", source)
                : Text.of("windows.unknown", source);
    }

    /**
     * "Run from an elevated prompt", told apart by the token: an administrator whose prompt UAC
     * filtered (elevation type limited) only needs Run as administrator; a standard user needs an
     * administrator's credentials.
     */
    private Text elevationNeeded() {
        String type = facts.elevationType().value();
        if ("limited".equals(type)) {
            return Text.of("windows.elevation.limited");
        }
        return "default".equals(type) ? Text.of("windows.elevation.notAdmin") : Text.of("windows.elevation.needed");
    }

    private boolean hyperVInstalled() {
        return facts.features().feature("Microsoft-Hyper-V-All").value() == FeatureState.ENABLED
                || facts.features().feature("Microsoft-Hyper-V-Hypervisor").value() == FeatureState.ENABLED
                || facts.features().feature("VirtualMachinePlatform").value() == FeatureState.ENABLED;
    }

    /** A reboot is pending: servicing keys, or the boot setting and the running state disagree. */
    private void reboot(List<Finding> out) {
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

    // ---- VirtualBox and VMware beside the Windows hypervisor ---------------------------------------

    private Finding installed(String id, Fact<Version> version, Boolean installed) {
        Text title = Text.of(id + ".title");
        if (version.known()) {
            return Finding.pass(id, title, Text.of("windows.installed.version", version.value())).withSources(version.source());
        }
        return Finding.skip(id, title, Text.of(Boolean.FALSE.equals(installed) ? "windows.installed.no" : "windows.installed.unknown"))
                .withSources(version.source()).optional();
    }

    private String dependents() {
        List<String> d = facts.products().hypervisorDependents();
        return d.isEmpty() ? "-" : String.join(", ", d);
    }

    private void virtualBoxBesideHypervisor(List<Finding> out) {
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
            out.add(Finding.fail(id, title, Text.of("windows.virtualbox.hypervisor.old", version.value()), fix)
                    .withSources(running.source(), version.source()));
        } else {
            String shown = version.known() ? version.value().toString() : "6.0+";
            out.add(Finding.warn(id, title, Text.of("windows.virtualbox.hypervisor.nem", shown),
                    speedFix(pinned)).withSources(running.source(), version.source()));
            whp(out, "windows.virtualbox.whp");
        }
        pinned(out, pinned);
    }

    private void vmwareBesideHypervisor(List<Finding> out) {
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
                    version.known() ? version.value().toString() : "?", facts.buildString()), fix)
                    .withSources(running.source(), version.source(), build.source()));
        } else if (windowsOk == null) {
            out.add(Finding.skip(id, title, unknown(build.source())).withSources(build.source()));
        } else {
            String shown = version.known() ? version.value().toString() : "15.5.5+";
            out.add(Finding.warn(id, title, Text.of("windows.vmware.hypervisor.whp", shown), speedFix(pinned))
                    .withSources(running.source(), version.source()));
            whp(out, "windows.vmware.whp");
        }
        pinned(out, pinned);
    }

    private Finding unknownHypervisor(String id, Text title, Fact<Boolean> running) {
        Fact<String> vm = facts.machine().virtualMachine();
        Text detail = facts.machine().insideVirtualMachine() ? Text.of("windows.hypervisor.guest", vm.value())
                : unknown(running.source());
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
            out.add(Finding.skip(id, title, unknown(f.source())).withSources(f.source()));
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

    // ---- WSL and Docker Desktop --------------------------------------------------------------------

    private Finding wslInstalled() {
        Fact<Boolean> w = facts.wsl().installed();
        Text title = Text.of("windows.wsl.installed.title");
        if (!w.known()) {
            return Finding.skip("windows.wsl.installed", title, unknown(w.source())).withSources(w.source());
        }
        if (w.value()) {
            return Finding.pass("windows.wsl.installed", title, Text.of("windows.wsl.installed.pass")).withSources(w.source());
        }
        return Finding.fail("windows.wsl.installed", title, Text.of("windows.wsl.installed.fail"),
                Fixes.ELEVATED_REBOOT.fix("windows.fix.wsl.install")).withSources(w.source());
    }

    private Finding wslDefaultVersion() {
        Fact<Integer> v = facts.wsl().defaultVersion();
        Text title = Text.of("windows.wsl.default.title");
        if (!v.known()) {
            return Finding.skip("windows.wsl.default", title, unknown(v.source()))
                    .withSources(v.source()).optional();
        }
        if (v.value() == 2) {
            return Finding.pass("windows.wsl.default", title, Text.of("windows.wsl.default.pass")).withSources(v.source());
        }
        return Finding.warn("windows.wsl.default", title, Text.of("windows.wsl.default.one"),
                Fixes.NOTHING.fix("windows.fix.wsl.default")).withSources(v.source());
    }

    /** Docker Desktop runs on the WSL 2 backend or, on Pro/Enterprise/Education, the Hyper-V one. */
    private Finding dockerBackend() {
        Text title = Text.of("windows.docker.backend.title");
        FeatureState vmp = facts.features().feature("VirtualMachinePlatform").value();
        Boolean wsl = facts.wsl().installed().value();
        Fact<Version> wslVersion = facts.wsl().version();
        boolean wslNew = !wslVersion.known() || wslVersion.value().atLeast(DOCKER_MIN_WSL);
        boolean wslOk = vmp == FeatureState.ENABLED && Boolean.TRUE.equals(wsl) && wslNew;
        Edition ed = facts.edition().value();
        boolean hyperVOk = ed != null && ed.allowsHyperV()
                && facts.features().feature("Microsoft-Hyper-V-All").value() == FeatureState.ENABLED
                && facts.features().feature("Containers").value() == FeatureState.ENABLED;
        List<String> sources = List.of(facts.features().feature("VirtualMachinePlatform").source(), facts.wsl().installed().source(),
                wslVersion.source(), facts.features().feature("Microsoft-Hyper-V-All").source());
        if (wslOk) {
            return Finding.pass("windows.docker.backend", title, Text.of("windows.docker.backend.wsl")).withSources(sources);
        }
        if (hyperVOk) {
            return Finding.pass("windows.docker.backend", title, Text.of("windows.docker.backend.hyperv")).withSources(sources);
        }
        if (vmp == FeatureState.ENABLED && Boolean.TRUE.equals(wsl) && !wslNew) {
            return Finding.fail("windows.docker.backend", title, Text.of("windows.docker.backend.oldWsl",
                    wslVersion.value(), DOCKER_MIN_WSL), Fixes.ELEVATED.fix("windows.fix.wsl.update")).withSources(sources);
        }
        if (vmp == null || vmp == FeatureState.UNKNOWN || wsl == null) {
            return Finding.skip("windows.docker.backend", title, unknown(String.join(", ", sources)))
                    .withSources(sources);
        }
        return Finding.fail("windows.docker.backend", title, Text.of("windows.docker.backend.none"),
                Fixes.ELEVATED_REBOOT.fix("windows.fix.docker.wsl")).withSources(sources);
    }
}
