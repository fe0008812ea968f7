package dev.hostvirt.rules.linux;

import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.linux.Environment;
import dev.hostvirt.facts.linux.LinuxFacts;
import dev.hostvirt.facts.linux.OsRelease;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.RuleSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Linux targets and their checks. */
public final class LinuxRuleSet implements RuleSet {
    public static final List<String> TARGETS = List.of("kvm", "virtualbox", "vmware", "containers",
            "rootless-containers", "lxc");

    private final LinuxFacts facts;

    public LinuxRuleSet(LinuxFacts facts) {
        this.facts = facts;
    }

    @Override
    public List<String> targets() {
        return TARGETS;
    }

    @Override
    public List<Finding> evaluate(String target) {
        return switch (target) {
            case "kvm" -> new KvmRules(facts).evaluate();
            case "virtualbox" -> new HypervisorRules(facts).virtualbox();
            case "vmware" -> new HypervisorRules(facts).vmware();
            case "containers" -> new ContainerRules(facts).evaluate();
            case "rootless-containers" -> new RootlessRules(facts).evaluate();
            case "lxc" -> new LxcRules(facts).evaluate();
            default -> throw new IllegalArgumentException("not a Linux target: " + target);
        };
    }

    @Override
    public Map<String, String> summary() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("os", "linux");
        s.put("arch", facts.host().platform().arch());
        OsRelease os = facts.os();
        s.put("name", os == null ? "Linux" : os.prettyName());
        if (facts.kernelRelease() != null) {
            s.put("kernel", facts.kernelRelease());
        }
        Environment env = facts.environment();
        if (Boolean.TRUE.equals(env.hypervisorPresent().value())) {
            s.put("hypervisor", env.hypervisorVendor().known() ? Names.hypervisor(env.hypervisorVendor().value()) : "?");
        } else if (Boolean.FALSE.equals(env.hypervisorPresent().value())) {
            s.put("hypervisor", "none");
        }
        if (env.containerInside().known()) {
            s.put("container", env.containerKind().value());
        }
        return s;
    }

    @Override
    public FactSheet facts() {
        return facts.publicFacts();
    }
}
