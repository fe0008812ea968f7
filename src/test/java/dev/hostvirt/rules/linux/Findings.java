package dev.hostvirt.rules.linux;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hostvirt.facts.linux.LinuxHostBuilder;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.TargetResult;
import java.util.List;

/** Evaluates one target of a hand-made host and finds a finding by id. */
final class Findings {
    private Findings() {
    }

    static TargetResult evaluate(LinuxHostBuilder host, String target) {
        return TargetResult.of(target, new LinuxRuleSet(host.facts()).evaluate(target));
    }

    static Finding find(TargetResult result, String id) {
        List<Finding> all = result.findings();
        for (Finding f : all) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        return fail("no finding " + id + " in " + all.stream().map(Finding::id).toList());
    }

    static Finding find(LinuxHostBuilder host, String target, String id) {
        return find(evaluate(host, target), id);
    }
}
