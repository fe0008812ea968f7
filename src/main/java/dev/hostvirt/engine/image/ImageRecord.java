package dev.hostvirt.engine.image;

import dev.hostvirt.engine.store.Digest;

/**
 * One name in the local image index. The image ID is the config digest, as Docker and podman show it.
 *
 * @param ref the normalized reference ({@code docker.io/library/busybox:latest})
 */
public record ImageRecord(String ref, Digest manifest, Digest config, String created) {
    public String shortId() {
        return config.hex().substring(0, 12);
    }
}
