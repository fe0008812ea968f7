package dev.hostvirt.engine.layer;

import dev.hostvirt.i18n.Text;

/**
 * What an unpack tells its caller: warnings (devices skipped, xattrs not applied), and how far it has
 * read each layer's stored blob, for progress on a terminal. A lambda is a warnings-only listener.
 */
@FunctionalInterface
public interface UnpackEvents {
    void warn(Text warning);

    /**
     * Layer {@code layer} (1-based, of {@code layers}) is being unpacked: {@code done} of the {@code total}
     * bytes of its stored blob (compressed, as stored) have been read. Called often; cheap callers only.
     */
    default void unpacking(int layer, int layers, long done, long total) {
    }

    /** The image is unpacked (or was already): whatever progress was drawn can go. */
    default void unpacked() {
    }
}
