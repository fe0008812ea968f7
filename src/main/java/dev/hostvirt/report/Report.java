package dev.hostvirt.report;

import dev.hostvirt.rules.TargetResult;
import dev.hostvirt.rules.Verdict;
import java.util.List;
import java.util.Map;

/** The outcome of one check run: what the host is, and each requested target's findings. */
public record Report(Map<String, String> platform, List<TargetResult> targets) {
    public Report {
        platform = Map.copyOf(platform);
        targets = List.copyOf(targets);
    }

    /** 1 when any target is blocked, 3 when any is unknown and none blocked, else 0. */
    public int exitCode() {
        boolean unknown = false;
        for (TargetResult t : targets) {
            if (t.verdict() == Verdict.BLOCKED) {
                return 1;
            }
            unknown |= t.verdict() == Verdict.UNKNOWN;
        }
        return unknown ? 3 : 0;
    }
}
