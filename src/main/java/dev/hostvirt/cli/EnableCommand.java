package dev.hostvirt.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hostvirt enable containers|wsl2|hyperv|windows-containers|sandbox|rootless}. */
@Command(name = "enable", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%n@|bold Exit codes|@:%n", exitCodeList = {})
public final class EnableCommand implements Callable<Integer>, HasOptionGroups {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "TARGET", descriptionKey = "enable.target")
    String target;

    @Option(names = "--user", paramLabel = "NAME", descriptionKey = "user")
    String user;

    @Option(names = "--wslconfig", paramLabel = "KEY=VALUE", descriptionKey = "wslconfig")
    Map<String, String> wslconfig = new LinkedHashMap<>();

    @Mixin
    ApplyOptions options;

    final ReportOptions output = new ReportOptions();

    final SnapshotOption source = new SnapshotOption();

    EnableCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public List<OptionGroup> optionGroups() {
        return List.of(output, source, StandardHelpOptions.INSTANCE);
    }

    @Override
    public Integer call() {
        return new PlannedChange(env, output, source, options).run(c -> c.enable(target, user, wslconfig));
    }
}
