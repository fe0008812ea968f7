package dev.hostvirt;

import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;

/**
 * A failure the user can act on. The message is shown as one line at the CLI edge (never a stack
 * trace), and the exit code is what {@code hostvirt} returns for it.
 */
public class HostvirtException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;
    /** The message as a bundle key, when it is translated; null for messages written in English only. */
    private final transient Text text;

    public HostvirtException(String message) {
        this(message, 2, null);
    }

    public HostvirtException(String message, int exitCode) {
        this(message, exitCode, null);
    }

    public HostvirtException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.text = null;
    }

    /** A translated failure: getMessage() is the English text, {@link #message} the user's language. */
    public HostvirtException(Text text, int exitCode) {
        this(text, exitCode, null);
    }

    /** A translated failure caused by another (kept for HOSTVIRT_DEBUG traces and callers that unwrap it). */
    public HostvirtException(Text text, int exitCode, Throwable cause) {
        super(null, cause);
        this.exitCode = exitCode;
        this.text = text;
    }

    /**
     * The English text. A translated one is rendered when asked, not when thrown: parsers such as
     * ImageRef.isValid throw for control flow on the run path, and should not load a bundle to do so.
     */
    @Override
    public String getMessage() {
        return text == null ? super.getMessage() : Messages.forLocale(Messages.ENGLISH).render(text);
    }

    /** The same failure under another exit code (run's bad --pull is an engine error, 125, not usage's 2). */
    public HostvirtException withExitCode(int code) {
        return text == null ? new HostvirtException(getMessage(), code, getCause()) : new HostvirtException(text, code, getCause());
    }

    /** This failure as an argument of another sentence: its Text (so rendered in the reader's language) when it has one. */
    public Object asArgument() {
        return text == null ? getMessage() : text;
    }

    /** The message in the language of {@code messages} (English when it has no translation). */
    public String message(Messages messages) {
        return text == null ? getMessage() : messages.render(text);
    }

    public int exitCode() {
        return exitCode;
    }
}
