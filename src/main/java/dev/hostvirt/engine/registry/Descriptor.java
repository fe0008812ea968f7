package dev.hostvirt.engine.registry;

import dev.hostvirt.engine.store.Digest;

/**
 * An OCI content descriptor (image-spec descriptor.md).
 *
 * @param platform only set on entries of an image index; null elsewhere
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform) {
}
