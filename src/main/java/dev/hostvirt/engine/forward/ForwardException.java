package dev.hostvirt.engine.forward;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;

/**
 * A refusal from a forwarding engine (WSL distro, docker/podman CLI) whose sentence lives in the resource bundles: the CLI renders
 * {@link #text()} in the user's language; {@link #getMessage()} is the English fallback key.
 */
public final class ForwardException extends HostvirtException {
    private static final long serialVersionUID = 1L;
    private final transient Text text;

    public ForwardException(String key, int exitCode, Object... args) {
        super(key, exitCode);
        this.text = Text.of(key, args);
    }

    public Text text() {
        return text;
    }
}
