package dev.hostvirt.rules;

import java.util.List;

/** One target's findings and the verdict they add up to. */
public record TargetResult(String target, Verdict verdict, List<Finding> findings) {
    public TargetResult {
        findings = List.copyOf(findings);
    }

    public static TargetResult of(String target, List<Finding> findings) {
        return new TargetResult(target, Verdict.of(findings), findings);
    }
}
