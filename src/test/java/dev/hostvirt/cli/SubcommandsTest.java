package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SubcommandsTest {
    @Test
    void theRegistryUsesEachCommandsOwnName() throws Exception {
        for (Map.Entry<String, Class<?>> e : Subcommands.all().entrySet()) {
            assertEquals(e.getKey(), ownName(e.getValue()), e.getValue().getName());
        }
    }

    /** The name in the command's @Command annotation, or in the model it declares in code. */
    private static String ownName(Class<?> type) throws Exception {
        Command annotation = type.getAnnotation(Command.class);
        if (annotation != null) {
            return annotation.name();
        }
        var constructor = type.getDeclaredConstructor(CliEnvironment.class);
        constructor.setAccessible(true);
        DeclaredInCode command = (DeclaredInCode) constructor.newInstance(env());
        return command.spec(CommandLine.defaultFactory()).name();
    }

    private static CliEnvironment env() {
        return new CliEnvironment(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()), Map.of(), java.util.Locale.ENGLISH, false,
                () -> null, java.time.Clock.systemUTC(), java.nio.file.Path.of("."));
    }

    @Test
    void onlyTheRequestedCommandIsBuiltButHelpAndTyposSeeAll() {
        CliEnvironment env = env();
        assertEquals(1, CommandLineFactory.create(env, new String[] {"check", "--json"}).getSubcommands().size());
        assertEquals(Subcommands.all().size(), CommandLineFactory.create(env, new String[] {"--help"}).getSubcommands().size());
        assertEquals(Subcommands.all().size(), CommandLineFactory.create(env, new String[] {"chekc"}).getSubcommands().size());
        assertNull(Subcommands.requested(new String[] {"-V"}));
        assertEquals(0, CommandLineFactory.create(env, new String[] {"--version"}).getSubcommands().size(), "the version needs no command");
        assertEquals(Subcommands.all().size(), CommandLineFactory.create(env, new String[] {"--version", "--help"}).getSubcommands().size());
        assertEquals("run", Subcommands.requested(new String[] {"run", "--rm", "check"}));
    }

    @Test
    void helpAskedInsideAGroupOfShortOptionsStillHasItsTexts() {
        // Main's command lines load the help texts only when help is asked for: -ah asks too.
        for (String[] args : List.of(new String[] {"ps", "-ah"}, new String[] {"ps", "--help"}, new String[] {"--help"})) {
            StringWriter out = new StringWriter();
            CliEnvironment env = new CliEnvironment(new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of(),
                    Locale.ENGLISH, false, () -> {
                        throw new AssertionError("help probes nothing");
                    }, Clock.systemUTC(), Path.of("").toAbsolutePath());
            assertEquals(0, CommandLineFactory.create(env, args).execute(args), String.join(" ", args));
            String expected = args.length == 1 ? "Pull an image from a registry" : "Show all containers, not only running ones.";
            assertTrue(out.toString().contains(expected), String.join(" ", args) + ":\n" + out);
        }
    }

    @Test
    void aTypoStillGetsItsSuggestionThroughMain() {
        Cli.Run r = Cli.run("chekc");
        assertTrue(r.err().contains("Did you mean: hostvirt check"), r.err());
    }
}
