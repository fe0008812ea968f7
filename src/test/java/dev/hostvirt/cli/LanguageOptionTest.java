package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --lang} is taken by every command, as the README says. */
class LanguageOptionTest {
    @TempDir
    Path tmp;

    private static void commands(CommandLine line, String path, List<String> missing, Set<CommandLine> seen, List<String> all) {
        if (!seen.add(line)) {
            return;
        }
        String name = (path + " " + line.getCommandName()).trim();
        all.add(name);
        if (line.getCommandSpec().findOption("--lang") == null) {
            missing.add(name);
        }
        for (CommandLine sub : line.getSubcommands().values()) {
            commands(sub, name, missing, seen, all);
        }
    }

    private static CliEnvironment quietEnvironment() {
        return new CliEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(),
                Locale.ENGLISH, false, () -> {
                    throw new AssertionError("building and parsing the command line must not read the host");
                }, Clock.systemUTC(), Path.of("").toAbsolutePath());
    }

    @Test
    void everyCommandTakesIt() {
        CliEnvironment env = quietEnvironment();
        List<String> missing = new ArrayList<>();
        List<String> all = new ArrayList<>();
        commands(CommandLineFactory.create(env), "", missing, Collections.newSetFromMap(new IdentityHashMap<>()), all);
        assertTrue(all.containsAll(List.of("hostvirt", "hostvirt run", "hostvirt image import", "hostvirt snapshot", "hostvirt exec")), all.toString());
        assertEquals(List.of(), missing);
    }

    @Test
    void aLanguageHostvirtDoesNotSpeakIsRefusedNotIgnored() {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        EngineCli.Result french = cli.run("images", "--lang", "fr");
        assertEquals(125, french.exit(), "it ran in English without a word: " + french);
        assertTrue(french.err().startsWith("hostvirt: invalid value for --lang: 'fr' (hostvirt speaks en and es)"), french.err());
        assertEquals(0, cli.run("images", "--lang", "es-ES").exit(), "a region may follow");
        assertEquals(0, cli.run("images", "--lang", "EN").exit());
        assertEquals(dev.hostvirt.i18n.Messages.SPANISH, dev.hostvirt.i18n.Messages.forLanguage("es_ES").locale(),
                "es_ES is Spanish (forLanguageTag alone read it as no language: English, silently)");
        assertTrue(LanguageOption.speaks("es_ES") && !LanguageOption.speaks("fr") && !LanguageOption.speaks(""));
    }

    @Test
    void anEngineCommandTakesItBeforeItsArguments() {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        EngineCli.Result images = cli.run("images", "--lang", "es");
        assertEquals(0, images.exit(), images.toString());
        EngineCli.Result rm = cli.run("image", "rm", "--lang", "es", "absent:1");
        assertEquals(1, rm.exit(), "the command ran and said the image is unknown: " + rm);
        assertTrue(!rm.err().contains("--lang"), rm.toString());
    }

    @Test
    void aLangAmongTheContainersArgumentsIsTheContainers() {
        CliEnvironment env = quietEnvironment();
        assertEquals(null, Main.language(new String[] {"run", "--rm", "busybox", "tool", "--lang", "fr"}, env));
        assertEquals(null, Main.language(new String[] {"exec", "web", "tool", "--lang=fr"}, env));
        assertEquals(null, Main.language(new String[] {"run", "busybox", "--", "--lang", "fr"}, env));
        assertEquals("es", Main.language(new String[] {"run", "-e", "A=1", "--lang", "es", "busybox", "tool", "--lang", "fr"}, env),
                "after an option's value, before the image: hostvirt's");
        assertEquals("es", Main.language(new String[] {"run", "--lang=es", "busybox", "tool", "--lang", "fr"}, env));
        assertEquals("es", Main.language(new String[] {"--lang", "es", "run", "busybox", "tool", "--lang", "fr"}, env));
        assertEquals("es", Main.language(new String[] {"ps", "-a", "--lang", "es"}, env));
        assertEquals("es", Main.language(new String[] {"run", "-e", "A=1", "--lang", "es", "--no-such-option", "busybox"}, env),
                "a parse error is shown in the language asked for");
        assertEquals(null, Main.language(new String[] {"run", "busybox", "true"}, env));
    }
}
