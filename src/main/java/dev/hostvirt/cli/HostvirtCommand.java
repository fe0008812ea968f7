package dev.hostvirt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command: with no subcommand it explains itself and exits as bad usage. */
@Command(name = "hostvirt", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {CheckCommand.class, FactsCommand.class, SnapshotCommand.class, SourcesCommand.class,
            SwitchCommand.class, EnableCommand.class, ApplyCommand.class, UndoCommand.class, StatusCommand.class,
            ImageCommands.class, ImageCommands.Images.class, RunCommand.class, ContainerCommands.Ps.class,
            ContainerCommands.Logs.class, ContainerCommands.Stop.class, ContainerCommands.Rm.class,
            ContainerCommands.ExecCmd.class, ContainerCommands.Inspect.class,
            PullCommand.class, LoginCommand.class, LogoutCommand.class, WslEngineCommand.class},
        exitCodeListHeading = "%n@|bold Exit codes|@:%n",
        exitCodeList = {})
public final class HostvirtCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed, for example 'hostvirt check'");
    }
}
