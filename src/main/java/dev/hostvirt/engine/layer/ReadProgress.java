package dev.hostvirt.engine.layer;

import dev.hostvirt.engine.store.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A stored blob opened for reading that says how many of its bytes have been read, for progress output. */
final class ReadProgress {
    /** {@code done} of {@code total} bytes read so far. */
    interface Listener {
        void at(long done, long total);
    }

    private ReadProgress() {
    }

    static InputStream open(Path blob, Listener listener) throws IOException {
        long total = Files.size(blob);
        long[] done = {0};
        return new CountingInputStream(Files.newInputStream(blob), bytes -> {
            done[0] += bytes;
            listener.at(done[0], total);
        });
    }
}
