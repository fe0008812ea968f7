package dev.hostvirt.rules;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.facts.SourceSpec;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.facts.linux.LinuxSources;
import dev.hostvirt.facts.macos.MacosFacts;
import dev.hostvirt.facts.macos.MacosSources;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.linux.LinuxRuleSet;
import dev.hostvirt.rules.macos.MacosRuleSet;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.facts.windows.WindowsSources;
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
            case HostPlatform.MACOS -> new MacosRuleSet(new MacosFacts(host));
            case HostPlatform.WINDOWS -> new WindowsRuleSet(new WindowsFacts(host));
            default -> throw new HostvirtException(Text.of("report.error.no-checks", host.platform().os()), 2);
        };
    }

    public static List<SourceSpec> sources(String os) {
        return switch (os) {
            case HostPlatform.LINUX -> LinuxSources.all();
            case HostPlatform.MACOS -> MacosSources.all();
            case HostPlatform.WINDOWS -> WindowsSources.all();
            default -> throw new HostvirtException(Text.of("report.error.no-sources", os), 2);
        };
    }
}
