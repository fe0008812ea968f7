package dev.hostvirt.engine.store;

import dev.hostvirt.HostvirtException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What stored layer blobs were verified to uncompress to: {@code <dir>/<alg>/<hex>} holds the DiffID
 * the blob's tar hashed to when it was unpacked or checked. A layer unpacked once under a DiffID is
 * shared, so a second blob naming the same DiffID must be proved to give that tar before it is
 * accepted; the record spares that pass over a blob already proved. A blob's bytes never change, so a
 * record never goes stale; it goes with its blob. A record cut short by a kill is no digest and reads
 * as none: it is written in place, without a rename.
 */
public final class DiffIdRecords {
    private final Path dir;

    public DiffIdRecords(Path dir) {
        this.dir = dir;
    }

    /** The DiffID {@code blob} was verified to uncompress to, if it was. */
    public Optional<Digest> of(Digest blob) {
        Path f = path(blob);
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > 200) {
                return Optional.empty();
            }
            return Optional.of(Digest.parse(Files.readString(f, StandardCharsets.US_ASCII)));
        } catch (IOException | HostvirtException unreadable) {
            return Optional.empty(); // proved again, then written again
        }
    }

    /** Remembers that {@code blob} uncompresses to the tar {@code diffId} names; only a saving, never needed. */
    public void record(Digest blob, Digest diffId) {
        try {
            Files.createDirectories(path(blob).getParent());
            Files.writeString(path(blob), diffId.toString(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // the next use proves it again
        }
    }

    void forget(Digest blob) throws IOException {
        Files.deleteIfExists(path(blob));
    }

    private Path path(Digest blob) {
        return dir.resolve(blob.algorithm()).resolve(blob.hex());
    }
}
