package dev.hostvirt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The root command: with no subcommand it explains itself and exits as bad usage. Its subcommands are
 * registered by {@link CommandLineFactory} from {@link Subcommands}.
 */
@Command(name = "hostvirt", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
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
