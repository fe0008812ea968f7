package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;

/** A step could not be carried out or reverted; the text says which command or file and how. */
public final class ActionFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Text text;

    public ActionFailed(Text text) {
        super(text.key() + " " + text.args());
        this.text = text;
    }

    public Text text() {
        return text;
    }
}
