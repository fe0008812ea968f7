package dev.hostvirt.cli;

import static dev.hostvirt.cli.OptionBinding.bound;

import dev.hostvirt.i18n.Messages;
import dev.hostvirt.report.Style;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** How a read-only command shows its results: {@code --json}, {@code -v/--verbose}, {@code --lang}. */
public final class ReportOptions implements OptionGroup {
    private boolean json;
    private boolean verbose;
    private String lang;

    @Override
    public void addTo(CommandSpec spec) {
        spec.addOption(bound(OptionSpec.builder("--json").type(boolean.class).initialValue(false).descriptionKey("json"),
                () -> json, v -> json = v));
        spec.addOption(bound(OptionSpec.builder("-v", "--verbose").type(boolean.class).initialValue(false)
                .descriptionKey("verbose"),
                () -> verbose, v -> verbose = v));
        spec.addOption(bound(OptionSpec.builder("--lang").type(String.class).paramLabel("en|es").descriptionKey("lang")
                .converters(LanguageOption::checked),
                () -> lang, v -> lang = v));
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    public Messages messages(CliEnvironment env) {
        return lang == null ? Messages.forLocale(env.locale()) : Messages.forLanguage(lang);
    }

    public Style style(CliEnvironment env) {
        return new Style(env.colour() && !json);
    }
}
