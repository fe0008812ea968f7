package dev.hostvirt.cli;

import dev.hostvirt.i18n.Messages;
import dev.hostvirt.report.Style;
import picocli.CommandLine.Option;

/** How a read-only command shows its results. Declared once per command (never inherited twice). */
public final class ReportOptions {
    @Option(names = "--json", descriptionKey = "json")
    boolean json;

    @Option(names = {"-v", "--verbose"}, descriptionKey = "verbose")
    boolean verbose;

    @Option(names = "--lang", paramLabel = "en|es", descriptionKey = "lang")
    String lang;

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
