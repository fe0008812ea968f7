package dev.hostvirt.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** libzstd's decoder gives aircompressor's bytes, and refuses what aircompressor refuses. */
class NativeZstdTest {
    private static boolean libzstdHere() {
        return Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libzstd.so.1")) || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libzstd.so.1"));
    }

    /** Text-like bytes (they compress) with random runs (they do not), ~size long. */
    private static byte[] data(int size, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[size];
        for (int i = 0; i < size;) {
            int run = Math.min(size - i, 1 + r.nextInt(5000));
            if (r.nextBoolean()) {
                Arrays.fill(b, i, i + run, (byte) ('a' + r.nextInt(26)));
            } else {
                byte[] noise = new byte[run];
                r.nextBytes(noise);
                System.arraycopy(noise, 0, b, i, run);
            }
            i += run;
        }
        return b;
    }

    private static byte[] compress(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] readAll(InputStream in, Random sizes) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[600_000];
        while (true) {
            if (sizes.nextInt(5) == 0) {
                int c = in.read();
                if (c < 0) {
                    return got.toByteArray();
                }
                got.write(c);
            } else {
                int n = in.read(b, 0, 1 + sizes.nextInt(b.length));
                if (n < 0) {
                    return got.toByteArray();
                }
                got.write(b, 0, n);
            }
        }
    }

    @Test
    void zstdLayersAreDecodedByLibzstdWhereItIsInstalled() throws IOException {
        assumeTrue(libzstdHere(), "libzstd.so.1 is not installed here");
        byte[] plain = data(3_000_000, 1);
        try (InputStream in = Compression.decompress(new ByteArrayInputStream(compress(plain)))) {
            assertEquals("Decoder", in.getClass().getSimpleName());
            assertArrayEquals(plain, in.readAllBytes());
        }
    }

    @Test
    void sameBytesAsAircompressorForFramesOfEverySizeAndConcatenatedFrames() throws IOException {
        assumeTrue(libzstdHere(), "libzstd.so.1 is not installed here");
        NativeZstd lib = NativeZstd.load("libzstd.so.1");
        assertNotNull(lib);
        Random sizes = new Random(9);
        for (int size : new int[] {0, 1, 1000, 256 * 1024, 256 * 1024 + 1, 5_000_000}) {
            byte[] plain = data(size, size);
            byte[] z = compress(plain);
            try (InputStream in = lib.stream(new ByteArrayInputStream(z))) {
                assertArrayEquals(plain, readAll(in, sizes), "one frame of " + size);
            }
            ByteArrayOutputStream two = new ByteArrayOutputStream();
            two.write(z);
            two.write(compress(data(70_000, 2)));
            byte[] expected = new ZstdInputStream(new ByteArrayInputStream(two.toByteArray())).readAllBytes();
            try (InputStream in = lib.stream(new ByteArrayInputStream(two.toByteArray()))) {
                assertArrayEquals(expected, readAll(in, sizes), "two frames, the first of " + size);
            }
        }
    }

    @Test
    void aTruncatedOrDamagedStreamIsAnErrorNotAShortLayer() throws IOException {
        assumeTrue(libzstdHere(), "libzstd.so.1 is not installed here");
        NativeZstd lib = NativeZstd.load("libzstd.so.1");
        byte[] z = compress(data(1_000_000, 3));
        byte[] cut = Arrays.copyOf(z, z.length - 100);
        IOException e = assertThrows(IOException.class, () -> lib.stream(new ByteArrayInputStream(cut)).readAllBytes());
        assertEquals("zstd: the stream ends inside a frame", e.getMessage());
        byte[] garbage = data(10_000, 4);
        System.arraycopy(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 0, garbage, 0, 4);
        IOException bad = assertThrows(IOException.class, () -> lib.stream(new ByteArrayInputStream(garbage)).readAllBytes());
        assertEquals(true, bad.getMessage().startsWith("zstd: "), bad.getMessage());
        byte[] trailing = Arrays.copyOf(z, z.length + 5); // a frame, then five zero bytes that are none
        assertThrows(IOException.class, () -> lib.stream(new ByteArrayInputStream(trailing)).readAllBytes());
        for (byte[] refused : java.util.List.of(cut, garbage, trailing)) {
            assertThrows(RuntimeException.class, () -> {
                try {
                    new ZstdInputStream(new ByteArrayInputStream(refused)).readAllBytes();
                } catch (IOException io) {
                    throw new java.io.UncheckedIOException(io);
                }
            }, "aircompressor refuses it too");
        }
        InputStream closed = lib.stream(new ByteArrayInputStream(z));
        closed.close();
        closed.close();
        assertThrows(IOException.class, closed::read);
    }

    /** A frame by hand: no content size, a window of 2^windowLog, one last RLE block of 1000 'a's. */
    private static byte[] rleFrame(int windowLog) {
        int header = 1 | (1 << 1) | (1000 << 3); // last block, RLE, 1000 bytes
        return new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, (byte) ((windowLog - 10) << 3),
            (byte) header, (byte) (header >> 8), (byte) (header >> 16), 'a'};
    }

    @Test
    void aFrameAskingForAWindowOver128MiBIsRefusedBeforeAnythingIsAllocated() throws IOException {
        assumeTrue(libzstdHere(), "libzstd.so.1 is not installed here");
        NativeZstd lib = NativeZstd.load("libzstd.so.1");
        try (InputStream in = lib.stream(new ByteArrayInputStream(rleFrame(20)))) {
            byte[] a = new byte[1000];
            Arrays.fill(a, (byte) 'a');
            assertArrayEquals(a, in.readAllBytes(), "a hand-made frame decodes");
        }
        IOException e = assertThrows(IOException.class, () -> lib.stream(new ByteArrayInputStream(rleFrame(28))).readAllBytes());
        assertEquals(true, e.getMessage().contains("window over 128 MiB"), e.getMessage());
    }

    @Test
    void damagedFramesEndInAnErrorOrBytesNeverInAHangOrACrash() throws IOException {
        // Layers are hostile input, decoded in native code: flip bytes all over a valid two-frame stream
        // (with a checksum-less frame among them) and cut it anywhere.
        assumeTrue(libzstdHere(), "libzstd.so.1 is not installed here");
        NativeZstd lib = NativeZstd.load("libzstd.so.1");
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.write(compress(data(200_000, 11)));
        two.write(compress(data(30_000, 12)));
        byte[] valid = two.toByteArray();
        Random r = new Random(13);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            int refused = 0;
            for (int i = 0; i < 1500; i++) {
                byte[] bad = i % 3 == 0 ? Arrays.copyOf(valid, r.nextInt(valid.length)) : valid.clone();
                if (i % 3 != 0) {
                    for (int flips = 1 + r.nextInt(4); flips > 0; flips--) {
                        bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
                    }
                }
                try (InputStream in = lib.stream(new ByteArrayInputStream(bad))) {
                    in.readAllBytes();
                } catch (IOException expected) {
                    refused++;
                }
            }
            assertEquals(true, refused > 500, "most damage is noticed: " + refused);
        });
    }

    @Test
    void aLibraryThatDoesNotLoadMeansAircompressor() {
        assertNull(NativeZstd.load("libhostvirt-no-such-zstd.so.9"));
    }
}
