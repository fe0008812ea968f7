package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's --help lists the exit codes that command returns: its own list, not the root's
 * generic one (which speaks of check, run, ...), in English and in Spanish.
 */
class ExitCodeListsTest {
    private static final Locale SPANISH = Locale.forLanguageTag("es");

    @Test
    void everyCommandHasItsOwnExitCodeList() {
        List<List<String>> commands = commands();
        assertTrue(commands.contains(List.of("engine", "status")) && commands.contains(List.of("image", "import")),
                commands.toString());
        for (List<String> command : commands) {
            String name = String.join(" ", command);
            if (name.equals("check")) {
                continue; // the root's list is about check: check's own says the same
            }
            String en = help(Locale.ENGLISH, command);
            assertTrue(en.contains("Exit codes:"), name + ":\n" + en);
            assertFalse(en.contains("With check:") || en.contains("With run:"), name + " shows the root's list:\n" + en);
            String es = help(SPANISH, command);
            assertTrue(es.contains("Códigos de salida:"), name + ":\n" + es);
            assertFalse(es.contains("Con check:") || es.contains("Con run:"), name + " muestra la lista de la raíz:\n" + es);
        }
    }

    @Test
    void theSpanishListsHaveTheSameCodesAsTheEnglishOnes() {
        Map<String, String> root = codes(Locale.ENGLISH, List.of());
        for (List<String> command : commands()) {
            Map<String, String> en = codes(Locale.ENGLISH, command);
            Map<String, String> es = codes(SPANISH, command);
            assertFalse(en.isEmpty(), String.join(" ", command));
            assertEquals(en.keySet(), es.keySet(), String.join(" ", command));
            if (!command.equals(List.of("check"))) {
                assertFalse(en.equals(root), String.join(" ", command) + " has the root's list");
            }
        }
    }

    @Test
    void noListIsCutShortByAMissingKey() {
        // picocli reads KEY.0, KEY.1, ... up to the first missing one: a gap drops the rest silently.
        for (Locale locale : List.of(Locale.ENGLISH, SPANISH)) {
            ResourceBundle texts = CommandLineFactory.helpTexts(locale);
            for (List<String> command : commands()) {
                String prefix = "hostvirt." + String.join(".", command) + ".usage.exitCodeList.";
                long keys = texts.keySet().stream().filter(k -> k.startsWith(prefix) && k.substring(prefix.length()).matches("[0-9]+"))
                        .count();
                assertEquals(keys, codes(locale, command).size(), locale + ": " + String.join(" ", command));
            }
        }
    }

    @Test
    void everyEnglishEntryIsTranslated() throws IOException {
        // A key missing from help_es.properties would show the English text in the Spanish help.
        assertEquals(exitCodeKeys("/i18n/help.properties"), exitCodeKeys("/i18n/help_es.properties"));
    }

    private static Set<String> exitCodeKeys(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = ExitCodeListsTest.class.getResourceAsStream(resource);
                Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p.stringPropertyNames().stream().filter(k -> k.contains("usage.exitCodeList."))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyCommandNamesTheInternalError() {
        // Any command can end in CommandLineFactory.onExecutionError's 70; the bare groups only print usage.
        for (List<String> command : commands()) {
            if (!line(Locale.ENGLISH, command).getSubcommands().isEmpty()) {
                continue;
            }
            for (Locale locale : List.of(Locale.ENGLISH, SPANISH)) {
                assertTrue(codes(locale, command).containsKey("70"), locale + ": " + String.join(" ", command));
            }
        }
    }

    @Test
    void theForwardedCommandsSayWhatWindowsAndMacosGive() {
        // Windows: a WSL 2 that is not ready is 1 (WslForwarder); macOS: docker's or podman's code is passed on.
        for (String name : EngineDispatch.FORWARDED) {
            List<String> command = List.of(name.split(" "));
            for (Locale locale : List.of(Locale.ENGLISH, SPANISH)) {
                Map<String, String> codes = codes(locale, command);
                assertTrue(codes.getOrDefault("1", "").contains("WSL 2"), locale + ": " + name + " " + codes);
                assertTrue(codes.values().stream().anyMatch(t -> t.contains("macOS")), locale + ": " + name + " " + codes);
            }
        }
    }

    @Test
    void theBareGroupsSayWhatTheyReturn() {
        // image is an engine command (125 on bad usage, as podman); engine is not (2).
        assertEquals(125, Cli.run("image").exit());
        assertTrue(codes(Locale.ENGLISH, List.of("image")).containsKey("125"));
        assertEquals(2, Cli.run("engine").exit());
        assertTrue(codes(Locale.ENGLISH, List.of("engine")).containsKey("2"));
    }

    /** Every command and subcommand below the root, by the names users type (aliases once). */
    private static List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(CommandLineFactory.create(env(Locale.ENGLISH, new StringWriter())), List.of(), all,
                Collections.newSetFromMap(new IdentityHashMap<>()));
        return all;
    }

    private static void walk(CommandLine line, List<String> path, List<List<String>> all, Set<CommandLine> seen) {
        for (Map.Entry<String, CommandLine> e : line.getSubcommands().entrySet()) {
            CommandLine sub = e.getValue();
            if (!seen.add(sub)) {
                continue;
            }
            List<String> at = new ArrayList<>(path);
            at.add(sub.getCommandName());
            all.add(List.copyOf(at));
            walk(sub, at, all, seen);
        }
    }

    /** What {@code hostvirt COMMAND --help} prints. */
    private static String help(Locale locale, List<String> command) {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        int exit = CommandLineFactory.create(env(locale, out)).execute(args.toArray(String[]::new));
        assertEquals(0, exit, String.join(" ", args));
        return out.toString();
    }

    /** The command's exit-code list, as the help texts of that language give it. */
    private static Map<String, String> codes(Locale locale, List<String> command) {
        return line(locale, command).getCommandSpec().usageMessage().exitCodeList();
    }

    private static CommandLine line(Locale locale, List<String> command) {
        CommandLine line = CommandLineFactory.create(env(locale, new StringWriter()));
        for (String name : command) {
            line = line.getSubcommands().get(name);
        }
        return line;
    }

    private static CliEnvironment env(Locale locale, StringWriter out) {
        return new CliEnvironment(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), Map.of(), locale,
                false, () -> {
                    throw new AssertionError("help reads no host");
                }, Clock.systemUTC(), Path.of("").toAbsolutePath());
    }
}
