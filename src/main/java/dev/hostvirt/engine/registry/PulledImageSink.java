package dev.hostvirt.engine.registry;

/**
 * Told about every completed pull, after all its blobs are stored: the engine's image index records
 * {@code reference -> manifest digest} here (tags move to the new manifest, as with docker pull).
 * Kept as its own small interface so the registry client does not depend on the engine's classes.
 */
@FunctionalInterface
public interface PulledImageSink {
    void pulled(PulledImage image);
}
