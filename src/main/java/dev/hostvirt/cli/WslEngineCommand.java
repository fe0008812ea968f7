package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.forward.EngineLocator;
import dev.hostvirt.engine.forward.ForwardException;
import dev.hostvirt.engine.wsl.DistroManager;
import dev.hostvirt.engine.wsl.DistroStatus;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.Console;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hostvirt engine install|status|start|stop|uninstall}: hostvirt's WSL2 distro on Windows. */
@Command(name = "engine", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        subcommands = {WslEngineCommand.Install.class, WslEngineCommand.Status.class, WslEngineCommand.Start.class,
            WslEngineCommand.Stop.class, WslEngineCommand.Uninstall.class})
public final class WslEngineCommand implements Runnable {
    @Spec
    CommandSpec spec;
    private final CliEnvironment env;

    WslEngineCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                Messages.forLocale(env.locale()).get("wsl.error.subcommand"));
    }

    /** Runs one life-cycle step with its reports and refusals in the user's language. */
    static int withManager(CliEnvironment env, EngineLocator locator, Function<DistroManager, Integer> step) {
        Messages messages = Messages.forLocale(env.locale());
        if (!(locator instanceof EngineLocator.Wsl wsl)) {
            throw new HostvirtException(Text.of("wsl.notWindows"), ExitCodes.USAGE);
        }
        DistroManager manager = wsl.manager().apply(t -> {
            env.out().println(messages.render(t));
            env.out().flush();
        });
        // A ForwardException carries its bundle key: the CLI edge shows it in the user's language.
        return step.apply(manager);
    }

    @Command(name = "install", mixinStandardHelpOptions = true, usageHelpAutoWidth = true)
    static final class Install implements Callable<Integer> {
        private final CliEnvironment env;
        private final EngineLocator locator;

        Install(CliEnvironment env, EngineLocator locator) {
            this.env = env;
            this.locator = locator;
        }

        @Override
        public Integer call() {
            return withManager(env, locator, m -> {
                m.install();
                return 0;
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, usageHelpAutoWidth = true)
    static final class Status implements Callable<Integer> {
        private final CliEnvironment env;
        private final EngineLocator locator;

        Status(CliEnvironment env, EngineLocator locator) {
            this.env = env;
            this.locator = locator;
        }

        @Override
        public Integer call() {
            Messages messages = Messages.forLocale(env.locale());
            return withManager(env, locator, m -> {
                DistroStatus s = m.status();
                if (!s.registered()) {
                    env.out().println(messages.get("wsl.status.notImported", s.bundledVersion()));
                    return 1;
                }
                if (!s.ours()) {
                    throw new ForwardException("wsl.nameTaken", 1, "hostvirt");
                }
                env.out().println(messages.get("wsl.status.installed", s.installedVersion(), s.state()));
                if (s.upgradeAvailable()) {
                    env.out().println(messages.get("wsl.status.upgrade", s.bundledVersion()));
                }
                return 0;
            });
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, usageHelpAutoWidth = true)
    static final class Start implements Callable<Integer> {
        private final CliEnvironment env;
        private final EngineLocator locator;

        Start(CliEnvironment env, EngineLocator locator) {
            this.env = env;
            this.locator = locator;
        }

        @Override
        public Integer call() {
            return withManager(env, locator, m -> {
                m.start();
                return 0;
            });
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, usageHelpAutoWidth = true)
    static final class Stop implements Callable<Integer> {
        private final CliEnvironment env;
        private final EngineLocator locator;

        Stop(CliEnvironment env, EngineLocator locator) {
            this.env = env;
            this.locator = locator;
        }

        @Override
        public Integer call() {
            return withManager(env, locator, m -> {
                m.stop();
                return 0;
            });
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true, usageHelpAutoWidth = true)
    static final class Uninstall implements Callable<Integer> {
        private final CliEnvironment env;
        private final EngineLocator locator;

        @Option(names = {"-y", "--yes"}, descriptionKey = "engine.uninstall.yes")
        boolean yes;

        Uninstall(CliEnvironment env, EngineLocator locator) {
            this.env = env;
            this.locator = locator;
        }

        @Override
        public Integer call() {
            Messages messages = Messages.forLocale(env.locale());
            return withManager(env, locator, m -> m.uninstall(yes, question -> ask(messages, question)) ? 0 : 1);
        }

        /** A yes/no question on the console; without one (a script) the answer is no and --yes is named. */
        private boolean ask(Messages messages, Text question) {
            Console console = env.terminal() ? System.console() : null;
            if (console == null) {
                env.err().println("hostvirt: " + messages.get("wsl.uninstall.needYes"));
                env.err().flush();
                return false;
            }
            String answer = console.readLine("%s ", messages.render(question));
            if (answer == null || answer.isBlank()) {
                return false;
            }
            String a = answer.strip().toLowerCase(Locale.ROOT);
            for (String word : messages.get("wsl.uninstall.yesWords").split(",")) {
                if (word.strip().equals(a)) {
                    return true;
                }
            }
            return false;
        }
    }
}
