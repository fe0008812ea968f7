package dev.hostvirt.engine.forward;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;

/**
 * A refusal from a forwarding engine (WSL distro, docker/podman CLI) whose sentence lives in the resource bundles: the CLI renders
 * {@link #text()} in the user's language; {@link #getMessage()} is the English sentence.
 */
public final class ForwardException extends HostvirtException {
    private static final long serialVersionUID = 1L;
    private final transient Text text;

    public ForwardException(String key, int exitCode, Object... args) {
        this(Text.of(key, args), exitCode);
    }

    private ForwardException(Text text, int exitCode) {
        super(text, exitCode);
        this.text = text;
    }

    public Text text() {
        return text;
    }
}
