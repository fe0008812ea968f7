package dev.hostvirt.engine.store;

/** Told of every read from a source being stored, for progress output: {@code bytes} more were read. */
@FunctionalInterface
public interface BytesRead {
    BytesRead NONE = bytes -> {
    };

    void add(long bytes);
}
