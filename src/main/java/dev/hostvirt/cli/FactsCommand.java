package dev.hostvirt.cli;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.SourceNote;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.report.JsonReport;
import dev.hostvirt.rules.RuleSets;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code hostvirt facts}: the typed picture of the host, each fact with its source. */
@Command(name = "facts", sortOptions = false, usageHelpAutoWidth = true)
public final class FactsCommand implements Callable<Integer>, HasOptionGroups {
    private final CliEnvironment env;

    final ReportOptions output = new ReportOptions();

    final SnapshotOption source = new SnapshotOption();

    FactsCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public List<OptionGroup> optionGroups() {
        return List.of(output, source, StandardHelpOptions.INSTANCE);
    }

    @Override
    public Integer call() {
        FactSheet facts = RuleSets.forHost(source.host(env)).facts();
        PrintWriter out = env.out();
        if (output.json()) {
            out.println(new JsonReport(output.messages(env), output.verbose()).render(facts));
        } else {
            Messages messages = output.messages(env);
            int width = facts.asMap().keySet().stream().mapToInt(String::length).max().orElse(10);
            for (Map.Entry<String, Fact<?>> e : facts.asMap().entrySet()) {
                out.println(String.format("%-" + width + "s  %s", e.getKey(), text(e.getValue().shown()))
                        + (output.verbose() ? "    <- " + SourceNote.localize(e.getValue().source(), messages) : ""));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Structured values (a macOS engine's state) as "key=value, ..." without the empty parts. */
    static String text(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder();
            map.forEach((k, v) -> {
                if (v != null) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(text(v));
                }
            });
            return sb.toString();
        }
        if (value instanceof java.util.Collection<?> list) {
            return String.join(", ", list.stream().map(FactsCommand::text).toList());
        }
        return String.valueOf(value);
    }
}
