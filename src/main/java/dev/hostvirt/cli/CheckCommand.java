package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.report.JsonReport;
import dev.hostvirt.report.Report;
import dev.hostvirt.report.TextReport;
import dev.hostvirt.rules.RuleSet;
import dev.hostvirt.rules.RuleSets;
import dev.hostvirt.rules.TargetResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hostvirt check}: can this host run each target, and if not, why and how to fix it. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%n@|bold Exit codes|@:%n", exitCodeList = {})
public final class CheckCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = "--for", paramLabel = "TARGET", descriptionKey = "for")
    List<String> targets = new ArrayList<>();

    @Mixin
    ReportOptions output;

    @Mixin
    SnapshotOption source;

    CheckCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Messages messages = output.messages(env);
        RuleSet rules = RuleSets.forHost(source.host(env));
        List<TargetResult> results = new ArrayList<>();
        for (String target : requested(rules)) {
            results.add(TargetResult.of(target, rules.evaluate(target)));
        }
        Report report = new Report(rules.summary(), results);
        if (output.json()) {
            env.out().println(new JsonReport(messages, output.verbose()).render(report));
            env.out().flush();
        } else {
            new TextReport(messages, output.style(env), output.verbose()).print(report, env.out());
        }
        return report.exitCode();
    }

    private List<String> requested(RuleSet rules) {
        if (targets.isEmpty()) {
            return rules.targets();
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String t : targets) {
            for (String one : t.split(",")) {
                String name = one.trim();
                if (!rules.targets().contains(name)) {
                    throw new HostvirtException("unknown target '" + name + "' for this platform; choose from "
                            + String.join(", ", rules.targets()), ExitCodes.USAGE);
                }
                chosen.add(name);
            }
        }
        return List.copyOf(chosen);
    }
}
