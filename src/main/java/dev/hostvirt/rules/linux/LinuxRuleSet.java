package dev.hostvirt.rules.linux;

import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.RuleSet;
import java.util.List;
import java.util.Map;

/** The Linux targets and their checks. */
public final class LinuxRuleSet implements RuleSet {
    private final LinuxFacts facts;

    public LinuxRuleSet(LinuxFacts facts) {
        this.facts = facts;
    }

    @Override
    public List<String> targets() {
        return List.of("kvm", "virtualbox", "vmware", "containers", "rootless-containers", "lxc");
    }

    @Override
    public List<Finding> evaluate(String target) {
        return List.of();
    }

    @Override
    public Map<String, String> summary() {
        return Map.of("os", facts.host().platform().os(), "arch", facts.host().platform().arch());
    }

    @Override
    public FactSheet facts() {
        return new FactSheet();
    }
}
