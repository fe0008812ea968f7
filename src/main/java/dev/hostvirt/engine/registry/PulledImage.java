package dev.hostvirt.engine.registry;

import dev.hostvirt.engine.store.Digest;
import java.util.List;

/**
 * What a pull left in the content store: every blob named here is stored and verified.
 *
 * @param reference the reference as normalized (tag and/or digest the user asked for)
 * @param manifestDigest the image manifest (one platform) — the image's identity
 * @param indexDigest the index or manifest list it was selected from, or null for a single-platform image
 * @param configDigest the image config blob
 * @param platform the platform the config declares
 * @param layers the layer descriptors, bottom first (media type says gzip/zstd/plain)
 */
public record PulledImage(ImageReference reference, Digest manifestDigest, Digest indexDigest, Digest configDigest,
        Platform platform, List<Descriptor> layers) {
    public PulledImage {
        layers = List.copyOf(layers);
    }
}
