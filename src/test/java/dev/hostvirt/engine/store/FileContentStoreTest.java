package dev.hostvirt.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileContentStoreTest {
    @TempDir
    Path dir;

    static Digest digestOf(byte[] b) throws Exception {
        return Digest.ofRaw("sha256", MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void storesAVerifiedBlobUnderItsDigest() throws Exception {
        FileContentStore s = new FileContentStore(dir);
        byte[] b = "layer bytes".getBytes(StandardCharsets.UTF_8);
        Digest d = digestOf(b);
        assertFalse(s.has(d));
        Path p = s.write(d, b.length, new ByteArrayInputStream(b));
        assertTrue(s.has(d));
        assertEquals(dir.resolve("blobs/sha256/" + d.hex()), p);
        assertArrayEquals(b, Files.readAllBytes(p));
    }

    @Test
    void aBlobThatDoesNotMatchItsDigestOrSizeIsNotStoredAndLeavesNoTemporaryFile() throws Exception {
        FileContentStore s = new FileContentStore(dir);
        byte[] b = "evil".getBytes(StandardCharsets.UTF_8);
        Digest claimed = digestOf("good".getBytes(StandardCharsets.UTF_8));
        HostvirtException e = assertThrows(HostvirtException.class, () -> s.write(claimed, b.length, new ByteArrayInputStream(b)));
        assertTrue(e.getMessage().contains(claimed.toString()));
        assertFalse(s.has(claimed));
        assertThrows(HostvirtException.class, () -> s.write(digestOf(b), 3, new ByteArrayInputStream(b)));
        assertThrows(HostvirtException.class, () -> s.write(digestOf(b), 99, new ByteArrayInputStream(b)));
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aDigestThatIsAPathIsRejectedBeforeItBecomesAFileName() {
        assertThrows(HostvirtException.class, () -> Digest.parse("sha256:../../../etc/passwd"));
        assertThrows(HostvirtException.class, () -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e"));
    }

    @Test
    void twoConcurrentWritersOfTheSameBlobBothSucceed() throws Exception {
        FileContentStore s = new FileContentStore(dir);
        byte[] b = new byte[3_000_000];
        new java.util.Random(7).nextBytes(b);
        Digest d = digestOf(b);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Path>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Path> c = () -> s.write(d, b.length, new ByteArrayInputStream(b));
                done.add(pool.submit(c));
            }
            for (Future<Path> f : done) {
                assertEquals(s.path(d), f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(b, Files.readAllBytes(s.path(d)));
        assertEquals(List.of(d), s.list());
    }

    @Test
    void putComputesTheDigest() throws Exception {
        FileContentStore s = new FileContentStore(dir);
        byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(digestOf(b), s.put(b));
        assertTrue(s.has(digestOf(b)));
    }

    @Test
    void readRefusesMissingOrOversizedBlobs() throws Exception {
        FileContentStore s = new FileContentStore(dir);
        Digest d = s.put(new byte[100]);
        assertThrows(HostvirtException.class, () -> s.read(d, 10));
        assertThrows(HostvirtException.class, () -> s.read(digestOf(new byte[1]), 10));
        assertEquals(100, s.read(d, 1000).length);
    }
}
