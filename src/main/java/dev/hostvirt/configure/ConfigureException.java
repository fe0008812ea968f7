package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;

/** A refusal or an unreadable input of the configurator; the CLI renders the text as one line. */
public final class ConfigureException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Text text;
    private final int exitCode;

    public ConfigureException(Text text, int exitCode) {
        super(text.key() + " " + text.args());
        this.text = text;
        this.exitCode = exitCode;
    }

    public Text text() {
        return text;
    }

    public int exitCode() {
        return exitCode;
    }
}
