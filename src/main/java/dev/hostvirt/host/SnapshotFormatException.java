package dev.hostvirt.host;

import dev.hostvirt.HostvirtException;

/** A snapshot that cannot be used: unreadable, not JSON, the wrong format, or a malformed section. */
public final class SnapshotFormatException extends HostvirtException {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message) {
        super(message, 2);
    }
}
