package dev.hostvirt.cli;

import dev.hostvirt.i18n.Messages;
import java.util.Locale;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The root command: with no subcommand it explains itself and exits as bad usage. Its subcommands are
 * registered by {@link CommandLineFactory} from {@link Subcommands}.
 */
public final class HostvirtCommand implements Runnable, DeclaredInCode {
    private final Locale locale;
    private CommandSpec spec;

    /** {@code locale}: the user's, for the one thing it says itself. */
    HostvirtCommand(Locale locale) {
        this.locale = locale;
    }

    @Override
    public CommandSpec spec(IFactory factory) {
        spec = CommandSpec.wrapWithoutInspection(this, factory).name("hostvirt").versionProvider(new VersionProvider());
        StandardHelpOptions.INSTANCE.addTo(spec);
        return DeclaredInCode.withUsage(spec, true);
    }

    @Override
    public void run() {
        // In the user's language: it was English under --lang es.
        throw new ParameterException(spec.commandLine(), Messages.forLocale(locale).get("cli.error.commandNeeded"));
    }
}
