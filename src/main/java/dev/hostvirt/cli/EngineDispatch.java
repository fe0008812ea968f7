package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.forward.EngineLocator;
import dev.hostvirt.engine.forward.Forwarder;
import dev.hostvirt.i18n.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * Runs the parsed command here, or forwards it when the {@link EngineLocator} says the engine lives
 * elsewhere (Windows: the WSL distro; macOS: docker/podman). The only place that decides; the engine
 * commands do not know. Arguments are parsed (and so validated) here first, then forwarded as typed.
 * --help and --version are always answered here.
 */
final class EngineDispatch implements IExecutionStrategy {
    /**
     * Qualified names below "hostvirt" of the commands that run in the engine. login/logout too: the
     * credentials must be where the pulls happen (the distro, or docker/podman's own store).
     */
    static final Set<String> FORWARDED = Set.of("run", "ps", "logs", "stop", "rm", "exec", "inspect", "images", "rmi",
            "pull", "login", "logout", "image import", "image rm", "image ls");

    private final CliEnvironment env;
    private final EngineLocator locator;

    EngineDispatch(CliEnvironment env, EngineLocator locator) {
        this.env = env;
        this.locator = locator;
    }

    /**
     * The help texts name picocli's headings in the user's language (help_es: "Códigos de salida"),
     * and a bundle's heading is printed by every command, codes or not: only those with codes keep it.
     */
    private static void exitCodeHeadingOnlyWithCodes(CommandLine line) {
        line.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING,
                help -> help.commandSpec().usageMessage().exitCodeList().isEmpty() ? "" : help.exitCodeListHeading());
        for (CommandLine sub : line.getSubcommands().values()) {
            exitCodeHeadingOnlyWithCodes(sub);
        }
    }

    @Override
    public int execute(ParseResult parseResult) {
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandLine root = chain.get(0);
        if (root.getResourceBundle() == null && chain.stream().anyMatch(CommandLine::isUsageHelpRequested)) {
            exitCodeHeadingOnlyWithCodes(root);
            UnbreakableWords.install(root, CommandLineFactory.helpTexts(env.locale()));
        }
        Integer help = CommandLine.executeHelpRequest(parseResult);
        if (help != null) {
            return help;
        }
        CommandLine leaf = chain.get(chain.size() - 1);
        List<String> path = new ArrayList<>();
        for (CommandLine c : chain.subList(1, chain.size())) {
            path.add(c.getCommandName());
        }
        if (locator instanceof EngineLocator.Local || !FORWARDED.contains(String.join(" ", path))) {
            return new CommandLine.RunLast().execute(parseResult);
        }
        try {
            Optional<Forwarder> forwarder = locator.forwarder();
            if (forwarder.isEmpty()) {
                return new CommandLine.RunLast().execute(parseResult);
            }
            return forwarder.get().forward(path, tail(parseResult.originalArgs(), chain), leaf.getCommandSpec());
        } catch (HostvirtException e) {
            // ForwardException included: a translated failure is shown in the user's language.
            return fail(e.message(Messages.forLocale(env.locale())), e.exitCode());
        }
    }

    private int fail(String message, int code) {
        env.err().println("hostvirt: " + message);
        env.err().flush();
        return code;
    }

    /** The arguments after the command path: each subcommand's name (or alias) found in order. */
    static List<String> tail(List<String> args, List<CommandLine> chain) {
        int at = 0;
        for (CommandLine c : chain.subList(1, chain.size())) {
            List<String> names = new ArrayList<>(List.of(c.getCommandSpec().aliases()));
            names.add(c.getCommandName());
            while (at < args.size() && !names.contains(args.get(at))) {
                at++;
            }
            at++;
        }
        return List.copyOf(args.subList(Math.min(at, args.size()), args.size()));
    }
}
