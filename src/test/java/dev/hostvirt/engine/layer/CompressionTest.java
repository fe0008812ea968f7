package dev.hostvirt.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hostvirt.engine.TestImages;
import dev.hostvirt.engine.TestImages.Packing;
import dev.hostvirt.engine.TestTars;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class CompressionTest {
    private static final String ZSTD_LAYER = "application/vnd.oci.image.layer.v1.tar+zstd";
    private static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private final byte[] tar = new TestTars().file("etc/marker", "x".repeat(5000)).bytes();

    /** A skippable frame (RFC 8878 3.1.2) of {@code size} bytes with the magic {@code 0x184D2A5n}. */
    private static byte[] skippableFrame(int n, int size) {
        ByteBuffer b = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x184D2A50 + n).putInt(size);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        return out.toByteArray();
    }

    private static byte[] readAll(byte[] blob, String mediaType) throws IOException {
        try (InputStream in = Compression.decompress(new ByteArrayInputStream(blob), mediaType)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aZstdStreamOpeningWithSkippableFramesIsZstd() throws IOException {
        byte[] blob = concat(skippableFrame(0xE, 8), skippableFrame(0, 0), TestImages.pack(tar, Packing.ZSTD));
        assertEquals(Compression.ZSTD, Compression.detect(new ByteArrayInputStream(blob)));
        assertArrayEquals(tar, readAll(blob, null));
        assertArrayEquals(tar, readAll(blob, ZSTD_LAYER));
        // aircompressor, where libzstd is missing, refuses skippable frames: those in front are skipped for it.
        try (InputStream air = new io.airlift.compress.zstd.ZstdInputStream(Compression.skipLeadingSkippableFrames(
                new java.io.BufferedInputStream(new ByteArrayInputStream(blob))))) {
            assertArrayEquals(tar, air.readAllBytes());
        }
    }

    @Test
    void theMediaTypeIsBelievedWhenTheBytesSayNothingKnownButNotOverATarHeader() throws IOException {
        byte[] junk = "neither a tar nor compressed".repeat(40).getBytes();
        assertEquals(Compression.NONE, Compression.detect(new ByteArrayInputStream(junk), null));
        assertEquals(Compression.GZIP, Compression.detect(new ByteArrayInputStream(junk), GZIP_LAYER));
        assertEquals(Compression.ZSTD, Compression.detect(new ByteArrayInputStream(junk), ZSTD_LAYER));
        assertThrows(ZipException.class, () -> readAll(junk, GZIP_LAYER), "said gzip: read as gzip, and refused as such");
        assertEquals(Compression.NONE, Compression.detect(new ByteArrayInputStream(tar), GZIP_LAYER), "a plain tar labelled gzip");
        assertArrayEquals(tar, readAll(tar, "application/vnd.docker.image.rootfs.diff.tar.gzip"));
        byte[] gz = TestImages.pack(tar, Packing.GZIP);
        assertArrayEquals(tar, readAll(gz, ZSTD_LAYER), "the bytes win over a label that says otherwise");
    }
}
