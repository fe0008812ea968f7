package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.forward.EngineLocator;
import dev.hostvirt.i18n.Messages;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Builds the configured {@code hostvirt} command line: the one used by {@link Main} and by tests.
 * Commands get the {@link CliEnvironment} through their constructor, write only to its writers, and
 * report failures as exceptions that are mapped here to one line and an exit code.
 */
public final class CommandLineFactory {
    private CommandLineFactory() {
    }

    /** Every command registered: for tests, help and anything that is not a known command. */
    public static CommandLine create(CliEnvironment env) {
        return create(env, EngineLocators.forCurrentPlatform(env), null);
    }

    /** Only the command {@code args} names, when it names one: picocli reflects what it registers. */
    public static CommandLine create(CliEnvironment env, String[] args) {
        return create(env, EngineLocators.forCurrentPlatform(env), args);
    }

    /** With the engine's location given: tests pass a fake WSL or docker CLI here. */
    public static CommandLine create(CliEnvironment env, EngineLocator locator) {
        return create(env, locator, null);
    }

    private static CommandLine create(CliEnvironment env, EngineLocator locator, String[] args) {
        EnvironmentFactory factory = new EnvironmentFactory(env, locator);
        CommandLine cl = new CommandLine(new HostvirtCommand(env.locale()).spec(factory), factory);
        String only = args == null ? null : Subcommands.requested(args);
        // `hostvirt --version` prints two lines: reflecting every command for it cost ~60 ms.
        boolean versionOnly = args != null && Subcommands.asksOnlyForVersion(args);
        for (var e : Subcommands.all().entrySet()) {
            if (!versionOnly && (only == null || only.equals(e.getKey()))) {
                cl.addSubcommand(e.getKey(), command(e.getValue(), factory));
            }
        }
        LanguageOption.addWhereMissing(cl);
        lastValueWinsInEngineCommands(cl);
        // Picocli's own Path converter calls Paths.get by reflection, which spins method-handle classes
        // on the first conversion (~3 ms of every command with a --state-dir or --snapshot).
        cl.registerConverter(Path.class, Path::of);
        // The descriptions are only read by the usage help; loading them and handing them to every
        // option cost ~10 ms of every command. Parameter errors name options without them. So Main's
        // command lines get them only when help is asked for (EngineDispatch, after parsing: picocli
        // also takes -h inside a group such as -qh).
        if (args == null) {
            UnbreakableWords.install(cl, helpTexts(env.locale()));
        }
        cl.setOut(env.out());
        cl.setErr(env.err());
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                env.colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> onParameterError(ex, a, env));
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> onExecutionError(ex, line, env));
        cl.setExecutionStrategy(new EngineDispatch(env, locator));
        return cl;
    }

    private static CommandLine command(Class<?> type, IFactory factory) {
        Object command;
        try {
            command = factory.create(type);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the command " + type.getName(), e);
        }
        if (command instanceof DeclaredInCode declared) {
            return new CommandLine(declared.spec(factory), factory);
        }
        CommandLine line = new CommandLine(command, factory);
        addOptionGroups(line, Collections.newSetFromMap(new IdentityHashMap<>()));
        return line;
    }

    /**
     * An option given twice takes its last value in the engine's commands, as in podman's and
     * docker's: wrappers and aliases add defaults (`alias drun='hostvirt run --rm'`, then
     * `drun --rm img`), which picocli refused with "should be specified only once". The host
     * commands keep refusing it: a second --target in a configuration command is more likely a
     * mistake than a wish.
     */
    private static void lastValueWinsInEngineCommands(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().userObject() instanceof EngineCommand) {
                sub.setOverwrittenOptionsAllowed(true); // its own subcommands too (image rm, image import)
            }
        }
    }

    /** The shared groups of an annotated command and of its own subcommands (each once: aliases repeat them). */
    private static void addOptionGroups(CommandLine line, Set<CommandLine> done) {
        if (!done.add(line)) {
            return;
        }
        if (line.getCommand() instanceof HasOptionGroups grouped) {
            for (OptionGroup group : grouped.optionGroups()) {
                group.addTo(line.getCommandSpec());
            }
        }
        for (CommandLine sub : line.getSubcommands().values()) {
            addOptionGroups(sub, done);
        }
    }

    /** The usage help's texts in the user's language (English when it has none). */
    static ResourceBundle helpTexts(Locale locale) {
        return ResourceBundle.getBundle("i18n.help", Messages.forLocale(locale).locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static int onParameterError(CommandLine.ParameterException ex, String[] args, CliEnvironment env) {
        CommandLine cl = ex.getCommandLine();
        var err = cl.getErr();
        Messages m = Messages.forLocale(env.locale());
        err.println("hostvirt: " + ParameterErrors.message(ex, args, m));
        String suggestions = ParameterErrors.suggestions(ex, m);
        if (!suggestions.isEmpty()) {
            err.println(suggestions);
        }
        err.println(ParameterErrors.usageHint(ex, m));
        err.flush();
        return cl.getCommandSpec().userObject() instanceof EngineCommand ? ExitCodes.ENGINE_ERROR : ExitCodes.USAGE;
    }

    private static int onExecutionError(Exception ex, CommandLine line, CliEnvironment env) {
        var err = line.getErr();
        if (ex instanceof HostvirtException h) {
            err.println("hostvirt: " + h.message(Messages.forLocale(env.locale())));
            err.flush();
            return h.exitCode();
        }
        if (env.env().containsKey("HOSTVIRT_DEBUG")) {
            ex.printStackTrace(err);
        }
        err.println("hostvirt: " + Messages.forLocale(env.locale()).get("cli.error.internal", ex));
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /** Gives commands that want it the environment; everything else is built the default way. */
    private static final class EnvironmentFactory implements IFactory {
        private final CliEnvironment env;
        private final EngineLocator locator;

        EnvironmentFactory(CliEnvironment env, EngineLocator locator) {
            this.env = env;
            this.locator = locator;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                Class<?>[] p = c.getParameterTypes();
                if (p.length == 1 && p[0] == CliEnvironment.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(env));
                }
                if (p.length == 2 && p[0] == CliEnvironment.class && p[1] == EngineLocator.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(env, locator));
                }
            }
            // Plain classes are built here: picocli's default factory looks for Groovy the first time it
            // is used, a failing class lookup that cost ~10 ms of every start-up. It still builds the
            // rest (interfaces such as List, abstract types).
            Object collection = collection(cls);
            if (collection != null) {
                return cls.cast(collection);
            }
            if (!cls.isInterface() && !Modifier.isAbstract(cls.getModifiers())) {
                try {
                    Constructor<K> plain = cls.getDeclaredConstructor();
                    plain.setAccessible(true);
                    return plain.newInstance();
                } catch (NoSuchMethodException e) {
                    // no no-argument constructor: picocli's factory decides
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }

        /** What picocli's default factory makes for a collection-typed option, the same choices. */
        private static Object collection(Class<?> cls) {
            if (cls == List.class || cls == Collection.class) {
                return new ArrayList<>();
            }
            if (cls == SortedSet.class || cls == NavigableSet.class) {
                return new TreeSet<>();
            }
            if (cls == Set.class) {
                return new LinkedHashSet<>();
            }
            if (cls == SortedMap.class || cls == NavigableMap.class) {
                return new TreeMap<>();
            }
            if (cls == Map.class) {
                return new LinkedHashMap<>();
            }
            return null;
        }
    }
}
