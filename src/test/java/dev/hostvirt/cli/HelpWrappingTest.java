package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * Every command's usage help, in English and Spanish, at 80 columns: no line may end inside a word (a path
 * such as docker.io/library/busybox:latest or C:\ cut in two cannot be copied from the terminal). A word is
 * whatever stands between spaces in the same help printed wide enough to need no wrapping.
 */
class HelpWrappingTest {

    @Test
    void noLineOfAnyCommandsHelpBreaksInsideAPathOrAnyOtherWordInEnglishOrSpanish() {
        int commands = 0;
        for (Locale locale : List.of(Locale.ENGLISH, Locale.forLanguageTag("es"))) {
            for (CommandLine line : everyCommand(CommandLineFactory.create(environment(locale)))) {
                String narrow = usage(line, 80);
                String wide = usage(line, 1000);
                String where = locale + " " + line.getCommandSpec().qualifiedName();
                assertEquals(words(wide), words(narrow), where + ":\n" + narrow);
                for (String l : narrow.split("\\R")) {
                    assertTrue(l.length() <= 80, where + ": longer than 80 columns: " + l);
                }
                assertFalse(narrow.chars().anyMatch(c -> c >= 0xE000 && c < 0xE080), where + ": a stand-in is left:\n" + narrow);
                commands++;
            }
        }
        assertTrue(commands > 50, "commands seen: " + commands);
    }

    @Test
    void theSpanishHelpKeepsPathsAndReferencesWhole() {
        CommandLine root = CommandLineFactory.create(environment(Locale.forLanguageTag("es")));
        String run = usage(root.getSubcommands().get("run"), 80);
        assertTrue(run.contains(" docker.io/library/busybox:latest)"), run);
        assertTrue(run.contains("[--platform=OS/ARCH[/VARIANT]]"), run);
        String engine = usage(root.getSubcommands().get("engine"), 80);
        assertTrue(engine.contains("\nC:\\ traducidas a /mnt/c/."), engine);
    }

    @Test
    void guardedTextsKeepPicocliSyntaxAndComeBackUnchanged() {
        String text = "see docs/profiles.md),%nplans C:\\ and @|bold Exit codes|@:%n 100%% ${DEFAULT-VALUE} re-login.";
        String guarded = UnbreakableWords.guard(text);
        assertTrue(guarded.contains("%n") && guarded.contains("@|bold Exit codes|@:%n") && guarded.contains("${DEFAULT-VALUE}"),
                guarded);
        assertEquals(String.format(text.replace("${DEFAULT-VALUE}", "x")),
                UnbreakableWords.restore(String.format(guarded.replace("${DEFAULT-VALUE}", "x"))));
    }

    private static CliEnvironment environment(Locale locale) {
        return new CliEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), locale,
                false, () -> {
                    throw new AssertionError("help must not read the host");
                }, Clock.systemUTC(), Path.of("").toAbsolutePath());
    }

    private static List<CommandLine> everyCommand(CommandLine line) {
        List<CommandLine> all = new ArrayList<>(List.of(line));
        line.getSubcommands().values().stream().distinct().forEach(sub -> all.addAll(everyCommand(sub)));
        return all;
    }

    private static String usage(CommandLine line, int width) {
        line.getCommandSpec().usageMessage().autoWidth(false).width(width);
        return line.getUsageMessage(Help.defaultColorScheme(Help.Ansi.OFF));
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).toList();
    }
}
