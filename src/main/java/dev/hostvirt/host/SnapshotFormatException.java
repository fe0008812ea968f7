package dev.hostvirt.host;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;

/** A snapshot that cannot be used: unreadable, not JSON, the wrong format, or a malformed section. */
public final class SnapshotFormatException extends HostvirtException {
    private static final long serialVersionUID = 1L;

    /** {@code snapshot.error.KEY} with the snapshot's name first, then {@code args}. */
    public SnapshotFormatException(String name, String key, Object... args) {
        super(text(name, key, args), 2);
    }

    private static Text text(String name, String key, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        return Text.of("snapshot.error." + key, all);
    }
}
