package dev.hostvirt.cli;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code --lang en|es} on every command, as the README promises: the engine commands, {@code snapshot}
 * and the root had none, so {@code hostvirt run --lang es ...} was refused as an unknown option. Main
 * applies the language before parsing ({@link Main#languageOption}), so that a parse error or the
 * help is already in it; the read-only reports read their own {@code --lang} as well (ReportOptions).
 * This one is only accepted.
 *
 * <p>run and exec stop reading options at the image (the container): in {@code run busybox tool --lang fr}
 * the --lang is the tool's. When a --lang comes after a word that may be the image, a parse tells
 * whose it is (the cost of a second model, for a command that names its language there only).
 */
final class LanguageOption implements OptionGroup {
    static final LanguageOption INSTANCE = new LanguageOption();

    private LanguageOption() {
    }

    @Override
    public void addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("--lang").type(String.class).paramLabel("en|es").descriptionKey("lang")
                .converters(LanguageOption::checked).build());
    }

    /**
     * Whether the first --lang follows a word that may be run's image or exec's container (or the
     * value of an option before them): only a parse can then tell whether it is hostvirt's.
     */
    static boolean mayBeTheContainers(String[] args) {
        String command = Subcommands.requested(args);
        if (!"run".equals(command) && !"exec".equals(command)) {
            return false;
        }
        boolean afterCommand = false;
        for (String a : args) {
            if (a.equals("--lang") || a.startsWith("--lang=")) {
                return false;
            }
            if (a.equals("--")) {
                return true;
            }
            if (afterCommand && !a.startsWith("-")) {
                return true;
            }
            afterCommand |= a.equals(command);
        }
        return false;
    }

    /**
     * The --lang that {@code line} itself takes from {@code args}, or null when it takes none. When the
     * arguments do not parse, {@code firstGiven}: the error is best shown in the language asked for.
     */
    static String ownOf(CommandLine line, String[] args, String firstGiven) {
        try {
            for (ParseResult r = line.parseArgs(args); r != null; r = r.subcommand()) {
                if (r.hasMatchedOption("--lang")) {
                    return r.matchedOptionValue("--lang", null);
                }
            }
            return null;
        } catch (CommandLine.ParameterException e) {
            return firstGiven;
        }
    }

    /** Adds the option to {@code line} and its subcommands, wherever they do not declare it. */
    static void addWhereMissing(CommandLine line) {
        addWhereMissing(line, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void addWhereMissing(CommandLine line, Set<CommandLine> done) {
        if (!done.add(line)) {
            return; // an alias: the same command line again
        }
        if (line.getCommandSpec().findOption("--lang") == null) {
            INSTANCE.addTo(line.getCommandSpec());
        }
        for (CommandLine sub : line.getSubcommands().values()) {
            addWhereMissing(sub, done);
        }
    }

    /**
     * en or es (a region may follow: es-ES, en_GB): the languages hostvirt speaks. Anything else
     * is refused, where it used to fall back to English without a word.
     */
    static String checked(String value) {
        if (speaks(value)) {
            return value;
        }
        throw new picocli.CommandLine.TypeConversionException("en or es"); // said by ParameterErrors, translated
    }

    static boolean speaks(String value) {
        return value.toLowerCase(java.util.Locale.ROOT).matches("(en|es)([-_][a-z0-9]+)*");
    }
}
