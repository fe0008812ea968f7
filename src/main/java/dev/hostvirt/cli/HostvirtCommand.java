package dev.hostvirt.cli;

import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The root command: with no subcommand it explains itself and exits as bad usage. Its subcommands are
 * registered by {@link CommandLineFactory} from {@link Subcommands}.
 */
public final class HostvirtCommand implements Runnable, DeclaredInCode {
    private CommandSpec spec;

    @Override
    public CommandSpec spec(IFactory factory) {
        spec = CommandSpec.wrapWithoutInspection(this, factory).name("hostvirt").versionProvider(new VersionProvider());
        StandardHelpOptions.INSTANCE.addTo(spec);
        return DeclaredInCode.withUsage(spec, true);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed, for example 'hostvirt check'");
    }
}
