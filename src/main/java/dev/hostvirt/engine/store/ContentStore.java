package dev.hostvirt.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The engine's content-addressable blob store (layers, configs, manifests). Both image import and
 * registry pulls write through it, so a blob is verified once, stored once and shared.
 */
public interface ContentStore {

    /**
     * A writer's claim on the store, from its first blob until the image that uses them is named: a
     * clean-up deletes no blob while any is open (a blob stored but not yet named is used by no image).
     */
    interface Writing extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** Claims the store for writing; stores that never delete blobs need no claim. */
    default Writing writing() throws IOException {
        return () -> {
        };
    }

    /** True when a complete, verified blob with this digest is stored. */
    boolean has(Digest digest);

    /** Where a complete blob lives (read-only use); only valid when {@link #has} is true. */
    Path path(Digest digest);

    /**
     * Streams {@code content} into the store while hashing it. The blob becomes visible only when it
     * is complete and its digest (and size, when {@code expectedSize >= 0}) match; otherwise nothing
     * is stored and a HostvirtException names the expected and actual digests. Safe when two
     * processes write the same blob at once.
     */
    Path write(Digest expected, long expectedSize, InputStream content) throws IOException;

    /** Where a resumable write gets a blob's bytes: from {@code offset} on, or from 0 when it cannot. */
    interface RangeSource {
        Ranged open(long offset) throws IOException;
    }

    /** A blob's bytes from {@code offset} on. */
    record Ranged(InputStream content, long offset) {
    }

    /**
     * As {@link #write}, but the bytes received before a transfer broke are kept (never visible as a
     * blob) and the next write of the same blob asks {@code source} only for the rest; the whole blob is
     * still hashed and checked before it becomes visible. Stores that cannot keep partial content
     * start from 0.
     */
    default Path writeResumable(Digest expected, long expectedSize, RangeSource source) throws IOException {
        try (InputStream content = source.open(0).content()) {
            return write(expected, expectedSize, content);
        }
    }
}
