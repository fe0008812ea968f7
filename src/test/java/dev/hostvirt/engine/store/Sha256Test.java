package dev.hostvirt.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** libcrypto's SHA-256 must give the JDK's answer for every way the store and the unpack feed it. */
class Sha256Test {
    private static final int[] SIZES = {0, 1, 55, 56, 63, 64, 65, 1000, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 3_000_017};

    private static boolean libcryptoHere() {
        return Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3")) || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libcrypto.so.3"));
    }

    @Test
    void largeInputsAreHashedByLibcryptoWhereItIsInstalled() {
        assumeTrue(libcryptoHere(), "libcrypto.so.3 is not installed here");
        assertEquals("OpenSslDigest", Sha256.forSize(-1).getClass().getSimpleName());
        assertEquals("OpenSslDigest", Sha256.forSize(Sha256.NATIVE_FROM).getClass().getSimpleName());
        assertEquals(Sha256.jdk().getClass(), Sha256.forSize(4096).getClass(), "small inputs do not load JNA");
    }

    @Test
    void aLibraryThatDoesNotLoadMeansTheJdksDigest() {
        assertNull(Sha256.openSsl("libhostvirt-no-such-crypto.so.9"));
    }

    @Test
    void whereJnaCannotLoadItsOwnLibraryTheJdksDigestIsUsed() throws Exception {
        // A JVM where JNA finds no libjnidispatch (as under a noexec /tmp): its classes fail to
        // initialize, and every hash must still come out right, from the JDK.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djna.nounpack=true", "-Djna.nosys=true", "-Djna.boot.library.path=/nonexistent",
                "-cp", System.getProperty("java.class.path"), Sha256Probe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertEquals(abc + "\n" + abc + "\n", out);
    }

    @Test
    void sameDigestsAsTheJdkForArraysInPiecesDirectAndHeapBuffers() {
        assumeTrue(libcryptoHere(), "libcrypto.so.3 is not installed here");
        Random random = new Random(42);
        for (int size : SIZES) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            byte[] expected = Sha256.jdk().digest(data);
            MessageDigest md = Sha256.openSsl("libcrypto.so.3");
            assertNotNull(md);
            assertArrayEquals(expected, md.digest(data), "whole array, " + size);
            // Pieces of every size, single bytes among them, through a buffer boundary.
            for (int off = 0; off < size;) {
                int n = Math.min(size - off, random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(300_000));
                if (n == 1) {
                    md.update(data[off]);
                } else {
                    md.update(data, off, n);
                }
                off += n;
            }
            assertArrayEquals(expected, md.digest(), "in pieces, " + size);
            ByteBuffer direct = ByteBuffer.allocateDirect(size + 10);
            direct.position(7);
            direct.put(data).flip().position(7);
            md.update(new byte[] {1, 2, 3}); // staged bytes, then dropped by reset
            md.reset();
            md.update(direct);
            assertEquals(direct.limit(), direct.position(), "the buffer is consumed");
            assertArrayEquals(expected, md.digest(), "direct buffer at an offset, " + size);
            if (size > 10) {
                md.update(data, 0, 10); // staged array bytes first, then a direct buffer
                md.update(ByteBuffer.allocateDirect(size - 10).put(data, 10, size - 10).flip());
                assertArrayEquals(expected, md.digest(), "array then direct buffer, " + size);
            }
            md.update(ByteBuffer.wrap(data));
            assertArrayEquals(expected, md.digest(), "heap buffer, " + size);
        }
    }
}
