package dev.hostvirt.cli;

import java.util.concurrent.Callable;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hostvirt switch virtualbox|vmware|hyperv|kvm}: give one hypervisor the CPU's VT-x/AMD-V. */
@Command(name = "switch", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%n@|bold Exit codes|@:%n", exitCodeList = {})
public final class SwitchCommand implements Callable<Integer>, HasOptionGroups {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "TARGET", descriptionKey = "switch.target")
    String target;

    @Option(names = "--boot-entry", paramLabel = "NAME", descriptionKey = "boot-entry")
    String bootEntry;

    @Option(names = "--add-to-kvm-group", paramLabel = "USER", descriptionKey = "add-to-kvm-group")
    String kvmGroupUser;

    @Option(names = "--turn-off-vbs", descriptionKey = "turn-off-vbs")
    boolean turnOffVbs;

    @Mixin
    ApplyOptions options;

    final ReportOptions output = new ReportOptions();

    final SnapshotOption source = new SnapshotOption();

    SwitchCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public List<OptionGroup> optionGroups() {
        return List.of(output, source, StandardHelpOptions.INSTANCE);
    }

    @Override
    public Integer call() {
        return new PlannedChange(env, output, source, options)
                .run(c -> c.switchTo(target, bootEntry, kvmGroupUser, turnOffVbs));
    }
}
