package dev.hostvirt.engine.layer;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.DiffIdRecords;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.engine.store.Sha256;
import dev.hostvirt.i18n.Text;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.function.Function;

/**
 * Whether a stored layer blob uncompresses to the tar a DiffID names, for a layer already unpacked
 * under that DiffID (from this blob or another): unpacked layers are found by DiffID, so an image
 * whose config copies another's DiffIDs while its manifest names other blobs was run from the other
 * image's layers, unchecked. A blob is proved once, by hashing what it uncompresses to (nothing is
 * unpacked again), and remembered ({@link DiffIdRecords}) with those an unpack verified.
 */
final class DiffIdProof {
    private final Function<Digest, Path> blobs;
    private final DiffIdRecords records;

    DiffIdProof(Function<Digest, Path> blobs, DiffIdRecords records) {
        this.blobs = blobs;
        this.records = records;
    }

    /** An unpack of {@code blob} matched {@code diffId}. */
    void proved(Digest blob, Digest diffId) {
        if (!blob.equals(diffId)) {
            records.record(blob, diffId);
        }
    }

    /** Refuses a blob that does not uncompress to the tar {@code diffId} names, as an unpack would. */
    void prove(Digest blob, Digest diffId, ReadProgress.Listener progress) throws IOException {
        // A blob whose own digest is the DiffID is that tar: the store verified its bytes.
        if (blob.equals(diffId) || records.of(blob).filter(diffId::equals).isPresent()) {
            return;
        }
        MessageDigest md = Sha256.forSize(-1);
        byte[] buf = new byte[1 << 17];
        try (InputStream raw = new BufferedInputStream(ReadProgress.open(blobs.apply(blob), progress), 1 << 17);
                InputStream in = Compression.decompress(raw)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
        }
        Digest actual = Digest.ofRaw("sha256", md.digest());
        if (!actual.equals(diffId)) {
            throw new HostvirtException(Text.of("engine.error.layer.diffId", blob, actual, diffId), 125);
        }
        records.record(blob, diffId);
    }
}
