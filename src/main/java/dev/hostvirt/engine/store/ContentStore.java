package dev.hostvirt.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The engine's content-addressable blob store (layers, configs, manifests). Both image import and
 * registry pulls write through it, so a blob is verified once, stored once and shared.
 */
public interface ContentStore {

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
}
