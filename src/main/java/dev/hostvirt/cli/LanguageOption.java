package dev.hostvirt.cli;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --lang en|es} on every command, as the README promises: the engine commands, {@code snapshot}
 * and the root had none, so {@code hostvirt run --lang es ...} was refused as an unknown option. Main
 * applies the language before parsing ({@link Main#languageOption}), so that a parse error or the
 * help is already in it; the read-only reports read their own {@code --lang} as well (ReportOptions).
 * This one is only accepted.
 */
final class LanguageOption implements OptionGroup {
    static final LanguageOption INSTANCE = new LanguageOption();

    private LanguageOption() {
    }

    @Override
    public void addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("--lang").type(String.class).paramLabel("en|es").descriptionKey("lang").build());
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
}
