package dev.hostvirt.engine.image;

import dev.hostvirt.engine.store.Digest;

/**
 * One name in the local image index. The image ID is the config digest, as Docker and podman show it.
 *
 * @param ref the normalized reference ({@code docker.io/library/busybox:latest})
 * @param index the multi-platform index (or manifest list) the manifest was pulled through, or null:
 *     {@code repository@<index digest>} names the image too, as in podman, whose RepoDigests hold both
 */
public record ImageRecord(String ref, Digest manifest, Digest config, String created, Digest index) {
    /** A name of an image that came through no index (imported, or a single-platform pull). */
    public ImageRecord(String ref, Digest manifest, Digest config, String created) {
        this(ref, manifest, config, created, null);
    }

    public ImageRecord throughIndex(Digest indexDigest) {
        return new ImageRecord(ref, manifest, config, created, indexDigest);
    }

    /** Whether {@code repository@digest} names this image: its manifest's digest, or the index's it came through. */
    public boolean hasDigest(Digest digest) {
        return manifest.equals(digest) || digest.equals(index);
    }

    public String shortId() {
        return config.hex().substring(0, 12);
    }
}
