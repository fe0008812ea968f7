package dev.hostvirt.rules.windows;

import static dev.hostvirt.rules.windows.WindowsTargets.*;

import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.windows.Edition;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Windows targets and their checks. Every decision reads typed facts (never text); a fact that
 * is unknown makes its check SKIP, and a check that needs elevation says "run from an elevated
 * prompt" rather than guessing. Each target lists its checks here; the checks live in one class per
 * area (hardware, platform, features, boot, coexistence, WSL). Requirements: windows-anchors.md 4, 5.
 */
public final class WindowsRuleSet implements RuleSet {
    private final WindowsFacts facts;
    private final HardwareRules hardware;
    private final PlatformRules platform;
    private final FeatureRules features;
    private final BootRules boot;
    private final CoexistenceRules coexistence;
    private final WslRules wsl;

    public WindowsRuleSet(WindowsFacts facts) {
        this.facts = facts;
        UnknownReasons why = new UnknownReasons(facts);
        hardware = new HardwareRules(facts, why);
        platform = new PlatformRules(facts, why);
        features = new FeatureRules(facts, why);
        boot = new BootRules(facts, why);
        coexistence = new CoexistenceRules(facts, why);
        wsl = new WslRules(facts, why);
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
        if (NEED_64_BIT.contains(target) && hardware.thirtyTwoBit()) {
            // 32-bit Windows lacks these features altogether: they are missing from
            // Win32_OptionalFeature, which would read as "needs another edition", and no edition,
            // feature or WSL step can help. The hardware findings still hold for a 64-bit reinstall.
            hardware.add(out, !target.equals(WSL2) && !target.equals(CONTAINERS));
            out.add(hardware.os64());
            return out;
        }
        switch (target) {
            case HYPERV -> {
                hardware.add(out, true);
                out.add(hardware.os64());
                out.add(platform.edition(HYPERV, false));
                out.add(features.feature("Microsoft-Hyper-V-All", "windows.feature.hyperv"));
                out.add(boot.launchType());
                features.vmms(out);
                features.exclusiveDrivers(out);
                boot.reboot(out);
            }
            case VIRTUALBOX -> {
                out.add(coexistence.installed("windows.virtualbox.installed", facts.products().virtualBoxVersion(), facts.products().virtualBoxInstalled()));
                hardware.add(out, false);
                coexistence.virtualBoxBesideHypervisor(out);
                boot.reboot(out);
            }
            case VMWARE -> {
                out.add(coexistence.installed("windows.vmware.installed", facts.products().vmwareVersion(), facts.products().vmwareInstalled()));
                hardware.add(out, false);
                coexistence.vmwareBesideHypervisor(out);
                boot.reboot(out);
            }
            case WSL2 -> {
                hardware.add(out, false);
                out.add(hardware.os64());
                out.add(platform.wslBuild());
                out.add(features.feature("VirtualMachinePlatform", "windows.feature.vmp"));
                out.add(boot.launchType());
                out.add(wsl.wslInstalled());
                out.add(wsl.wslDefaultVersion());
                boot.reboot(out);
            }
            case DOCKER_DESKTOP -> {
                hardware.add(out, true);
                out.add(hardware.os64());
                out.add(platform.dockerBuild());
                out.add(wsl.dockerBackend());
                out.add(boot.launchType());
                boot.reboot(out);
            }
            case WINDOWS_CONTAINERS -> {
                hardware.add(out, true);
                out.add(hardware.os64());
                out.add(platform.edition(WINDOWS_CONTAINERS, false));
                out.add(platform.minBuild("windows.build.containers", 14393, "1607"));
                out.add(features.feature("Containers", "windows.feature.containers"));
                if (facts.edition().value() != Edition.SERVER) {
                    // Client editions run Windows containers with Hyper-V isolation.
                    out.add(features.feature("Microsoft-Hyper-V-All", "windows.feature.hyperv"));
                }
                out.add(boot.launchType());
                boot.reboot(out);
            }
            case SANDBOX -> {
                hardware.add(out, true);
                out.add(hardware.os64());
                out.add(platform.edition(SANDBOX, true));
                out.add(platform.minBuild("windows.build.sandbox", 18362, "1903"));
                out.add(features.feature("Containers-DisposableClientVM", "windows.feature.sandbox"));
                out.add(boot.launchType());
                boot.reboot(out);
            }
            case CONTAINERS -> {
                // hostvirt's engine runs in its own WSL2 distribution (imported with --version 2).
                hardware.add(out, false);
                out.add(hardware.os64());
                out.add(platform.wslBuild());
                out.add(features.feature("VirtualMachinePlatform", "windows.feature.vmp"));
                out.add(boot.launchType());
                out.add(wsl.wslInstalled());
                boot.reboot(out);
            }
            default -> throw new IllegalArgumentException(target);
        }
        return out;
    }
}
