package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.Locale;

/** {@code --pull} for {@code run}, as podman: pull when missing (default), always, or never. */
public enum PullPolicy {
    MISSING, ALWAYS, NEVER;

    public static PullPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new HostvirtException(Text.of("pull.error.policy", text), 2);
        }
    }

    /** Whether a pull is needed; for NEVER with no local image, the error podman gives (exit 125). */
    public boolean needsPull(ImageReference reference, boolean presentLocally) {
        return switch (this) {
            case ALWAYS -> true;
            case MISSING -> !presentLocally;
            case NEVER -> {
                if (!presentLocally) {
                    throw new HostvirtException(Text.of("pull.error.neverPull", reference), 125);
                }
                yield false;
            }
        };
    }
}
