package dev.hostvirt.engine.registry;

import dev.hostvirt.i18n.Text;

/**
 * Progress events of a pull. Blob events come from the download threads, concurrently; the
 * renderers synchronize. Every method has a no-op default so a listener picks what it shows.
 */
public interface PullListener {
    PullListener NONE = new PullListener() {
    };

    /** The manifest for the wanted platform is known; the blobs are about to be fetched. */
    default void resolved(ImageReference reference, Platform platform, int layers) {
    }

    default void blobSkipped(Descriptor blob) {
    }

    default void blobStarted(Descriptor blob) {
    }

    /** {@code bytes} received so far of {@code blob} (not a delta). */
    default void blobProgress(Descriptor blob, long bytes) {
    }

    default void blobDone(Descriptor blob) {
    }

    default void blobFailed(Descriptor blob) {
    }

    /** A platform mismatch and the like: not fatal, but worth saying. */
    default void warning(Text message) {
    }

    default void finished(PulledImage image) {
    }
}
