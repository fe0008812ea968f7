package dev.hostvirt.engine.registry;

import dev.hostvirt.engine.store.ContentStore;

/**
 * Where {@code hostvirt pull} puts an image: the engine's content store for the blobs and its image
 * index for the name. The engine provides it
 * ({@code dev.hostvirt.engine.EnginePullDestination}); the registry package never names the engine.
 */
public record PullDestination(ContentStore store, PulledImageSink images) {
}
