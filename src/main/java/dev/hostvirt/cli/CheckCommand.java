package dev.hostvirt.cli;

import static dev.hostvirt.cli.OptionBinding.bound;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
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
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code hostvirt check}: can this host run each target, and if not, why and how to fix it. */
public final class CheckCommand implements Callable<Integer>, DeclaredInCode {
    static final String NAME = "check";

    private final CliEnvironment env;
    private final ReportOptions output = new ReportOptions();
    private final SnapshotOption source = new SnapshotOption();
    private List<String> targets = new ArrayList<>();

    CheckCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public CommandSpec spec(IFactory factory) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this, factory).name(NAME);
        spec.addOption(bound(OptionSpec.builder("--for").type(List.class).auxiliaryTypes(String.class)
                .paramLabel("TARGET").descriptionKey("for"), () -> targets,
                v -> targets = v == null ? new ArrayList<>() : v));
        output.addTo(spec);
        source.addTo(spec);
        StandardHelpOptions.INSTANCE.addTo(spec);
        return DeclaredInCode.withUsage(spec, true);
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
                    throw new HostvirtException(Text.of("report.error.unknown-target", name,
                            String.join(", ", rules.targets())), ExitCodes.USAGE);
                }
                chosen.add(name);
            }
        }
        return List.copyOf(chosen);
    }
}
