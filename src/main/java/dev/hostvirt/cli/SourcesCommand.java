package dev.hostvirt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.facts.SourceSpec;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.rules.RuleSets;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hostvirt sources}: every source a platform's probes read, i.e. what a snapshot may hold. */
@Command(name = "sources", sortOptions = false, usageHelpAutoWidth = true)
public final class SourcesCommand implements Callable<Integer>, HasOptionGroups {
    enum Os { linux, windows, macos }

    private final CliEnvironment env;

    @Option(names = "--os", paramLabel = "linux|windows|macos", descriptionKey = "os")
    Os os;

    final ReportOptions output = new ReportOptions();

    SourcesCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public List<OptionGroup> optionGroups() {
        return List.of(output, StandardHelpOptions.INSTANCE);
    }

    @Override
    public Integer call() throws Exception {
        String platform = os == null ? HostPlatform.current().os() : os.name();
        List<SourceSpec> sources = RuleSets.sources(platform);
        Messages messages = output.messages(env);
        PrintWriter out = env.out();
        if (output.json()) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (SourceSpec s : sources) {
                ObjectNode n = list.addObject();
                n.put("kind", s.kind());
                n.put("name", s.name());
                n.put("purpose", messages.render(s.purpose()));
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
        } else {
            int kind = sources.stream().mapToInt(s -> s.kind().length()).max().orElse(4);
            int name = sources.stream().mapToInt(s -> s.name().length()).max().orElse(4);
            for (SourceSpec s : sources) {
                out.println(String.format("%-" + kind + "s  %-" + name + "s  %s", s.kind(), s.name(),
                        messages.render(s.purpose())));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
