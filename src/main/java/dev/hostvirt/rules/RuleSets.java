package dev.hostvirt.rules;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.facts.SourceSpec;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.facts.linux.LinuxSources;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.facts.windows.WindowsSources;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.rules.linux.LinuxRuleSet;
import dev.hostvirt.rules.windows.WindowsRuleSet;
import java.util.List;

/**
 * Picks the platform's facts and rules for a host, live or recorded. Only the chosen platform's
 * classes are loaded, so nothing Windows- or macOS-only runs elsewhere.
 */
public final class RuleSets {
    private RuleSets() {
    }

    public static RuleSet forHost(Host host) {
        return switch (host.platform().os()) {
            case HostPlatform.LINUX -> new LinuxRuleSet(new LinuxFacts(host));
            case HostPlatform.WINDOWS -> new WindowsRuleSet(new WindowsFacts(host));
            default -> throw new HostvirtException("checks for " + host.platform().os() + " are not available yet");
        };
    }

    public static List<SourceSpec> sources(String os) {
        return switch (os) {
            case HostPlatform.LINUX -> LinuxSources.all();
            case HostPlatform.WINDOWS -> WindowsSources.all();
            default -> throw new HostvirtException("no sources listed for " + os + " yet");
        };
    }
}
