package dev.hostvirt.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
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
    void aBlobFileIsStoredVerifiedAndAFileThatLiesIsNot() throws Exception {
        FileContentStore s = new FileContentStore(dir.resolve("store"));
        byte[] b = random(3 << 20, 5); // several buffers, hashed by libcrypto where it is installed
        Path file = Files.write(dir.resolve("blob"), b);
        Digest d = digestOf(b);
        assertArrayEquals(b, Files.readAllBytes(s.write(d, b.length, file)));
        Digest other = digestOf(random(100, 6));
        HostvirtException e = assertThrows(HostvirtException.class, () -> s.write(other, b.length, file));
        assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
        // A file longer than its descriptor says is refused as soon as it passes that size.
        Digest longer = digestOf(random(10, 7));
        assertThrows(HostvirtException.class, () -> s.write(longer, 1 << 20, file));
        assertThrows(HostvirtException.class, () -> s.write(longer, (3 << 20) + 1, file));
        Files.createSymbolicLink(dir.resolve("link"), file);
        assertThrows(IOException.class, () -> s.write(longer, b.length, dir.resolve("link")), "a symlink is not followed");
        assertFalse(s.has(other) || s.has(longer));
        try (var files = Files.list(dir.resolve("store/tmp"))) {
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

    /** A source that serves {@code blob} from any offset it honours, and records what it was asked. */
    private static final class FakeSource implements ContentStore.RangeSource {
        final byte[] blob;
        final List<Long> asked = new ArrayList<>();
        int breakAfter = -1;
        boolean honoursRange = true;
        byte[] tail;

        FakeSource(byte[] blob) {
            this.blob = blob;
        }

        @Override
        public ContentStore.Ranged open(long offset) {
            asked.add(offset);
            long from = honoursRange ? offset : 0;
            byte[] rest = java.util.Arrays.copyOfRange(tail != null && from > 0 ? tail : blob, (int) from, blob.length);
            int limit = breakAfter;
            breakAfter = -1;
            java.io.InputStream in = new ByteArrayInputStream(rest) {
                private int served;

                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    if (limit >= 0 && served >= limit) {
                        throw new java.io.UncheckedIOException(new IOException("connection reset"));
                    }
                    int n = super.read(b, off, limit >= 0 ? Math.min(len, limit - served) : len);
                    served += Math.max(n, 0);
                    return n;
                }
            };
            return new ContentStore.Ranged(in, from);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aBrokenTransferKeepsItsBytesHiddenAndTheNextWriteAsksOnlyForTheRest() throws Exception {
        FileContentStore s = new FileContentStore(dir);
        byte[] blob = random(3 << 20, 1);
        Digest d = digestOf(blob);
        FakeSource source = new FakeSource(blob);
        source.breakAfter = 1 << 20;
        assertThrows(java.io.UncheckedIOException.class, () -> s.writeResumable(d, blob.length, source));
        assertFalse(s.has(d), "nothing visible after a broken transfer");
        Path partial = dir.resolve("tmp/sha256-" + d.hex() + ".partial");
        assertEquals(1 << 20, Files.size(partial), "what arrived is kept");

        Path stored = s.writeResumable(d, blob.length, source);
        assertEquals(List.of(0L, (long) (1 << 20)), source.asked, "the second write asked only for the rest");
        assertArrayEquals(blob, Files.readAllBytes(stored));
        assertFalse(Files.exists(partial));
        // The lock file stays, empty: unlinking one a writer may be waiting on would let two writers in.
        assertEquals(0, Files.size(dir.resolve("tmp/sha256-" + d.hex() + ".lock")));
    }

    @Test
    void pruningDropsOnlyStaleUnlockedLeftovers() throws Exception {
        FileContentStore s = new FileContentStore(dir);
        byte[] blob = random(1 << 20, 7);
        Digest d = digestOf(blob);
        FakeSource source = new FakeSource(blob);
        source.breakAfter = 1 << 19;
        assertThrows(java.io.UncheckedIOException.class, () -> s.writeResumable(d, blob.length, source));
        Path partial = dir.resolve("tmp/sha256-" + d.hex() + ".partial");
        Path died = Files.writeString(dir.resolve("tmp/blob-123.part"), "half a blob");
        Path notOurs = Files.writeString(dir.resolve("tmp/notes.txt"), "kept");
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        FileTime old = FileTime.from(now.minus(Duration.ofDays(2)));
        Files.setLastModifiedTime(partial, old);
        Files.setLastModifiedTime(died, old);
        Files.setLastModifiedTime(notOurs, old);

        // A writer of this blob holds its lock: its partial stays however old it looks.
        try (FileChannel ch = FileChannel.open(dir.resolve("tmp/sha256-" + d.hex() + ".lock"), StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            assertEquals(1, s.pruneTemporaries(now.minus(Duration.ofDays(1))), "only the dead blob-*.part (a live writer's is locked: aPartWhoseWriterWasKilled...)");
            assertTrue(Files.exists(partial));
        }
        assertEquals(1, s.pruneTemporaries(now.minus(Duration.ofDays(1))), "the partial, now that nobody writes it");
        assertFalse(Files.exists(partial));
        assertFalse(Files.exists(died));
        assertTrue(Files.exists(notOurs), "not a name the store makes");

        // The blob still arrives whole afterwards, from the start.
        source.asked.clear();
        assertArrayEquals(blob, Files.readAllBytes(s.writeResumable(d, blob.length, source)));
        assertEquals(List.of(0L), source.asked);
    }

    @Test
    void aSourceThatIgnoresTheRangeStartsOverAndWrongContentIsDropped() throws Exception {
        FileContentStore s = new FileContentStore(dir);
        byte[] blob = random(1 << 20, 2);
        Digest d = digestOf(blob);
        FakeSource source = new FakeSource(blob);
        source.breakAfter = 300_000;
        assertThrows(java.io.UncheckedIOException.class, () -> s.writeResumable(d, blob.length, source));
        source.honoursRange = false;
        assertArrayEquals(blob, Files.readAllBytes(s.writeResumable(d, blob.length, source)));

        byte[] other = random(1 << 20, 3);
        Digest od = digestOf(other);
        FakeSource lying = new FakeSource(other);
        lying.breakAfter = 300_000;
        assertThrows(java.io.UncheckedIOException.class, () -> s.writeResumable(od, other.length, lying));
        lying.tail = random(1 << 20, 4);
        HostvirtException e = assertThrows(HostvirtException.class, () -> s.writeResumable(od, other.length, lying));
        assertTrue(e.getMessage().contains(od.toString()), e.getMessage());
        assertFalse(s.has(od));
        assertFalse(Files.exists(dir.resolve("tmp/sha256-" + od.hex() + ".partial")), "wrong bytes are not kept");
    }

    @Test
    void writersOfTheSameBlobAtOnceTakeTurnsAndBothSucceed() throws Exception {
        FileContentStore s = new FileContentStore(dir);
        byte[] blob = random(4 << 20, 5);
        Digest d = digestOf(blob);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(pool.submit(() -> new FileContentStore(dir).writeResumable(d, blob.length, new FakeSource(blob))));
            }
            for (Future<Path> f : all) {
                assertArrayEquals(blob, Files.readAllBytes(f.get()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A writer in a second JVM, stopped inside its write (its part made and locked). */
    private Process writerInsideItsWrite() throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), PartWriter.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals("writing", new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine());
        return p;
    }

    private List<String> parts() throws IOException {
        try (var files = Files.list(dir.resolve("tmp"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".part")).sorted().toList();
        }
    }

    @Test
    void aPartWhoseWriterWasKilledIsSweptAndALiveWritersIsNot() throws Exception {
        FileContentStore s = new FileContentStore(dir);
        Process killed = writerInsideItsWrite();
        killed.destroyForcibly(); // SIGKILL: no finally, no shutdown hook
        assertTrue(killed.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        List<String> dead = parts();
        assertEquals(1, dead.size(), "the killed writer's part is left: " + dead);
        Process live = writerInsideItsWrite();
        try {
            List<String> both = parts();
            assertEquals(2, both.size(), both.toString());
            // Claiming the store (a pull or import starting) sweeps: only the dead writer's part goes.
            try (ContentStore.Writing claim = s.writing()) {
                List<String> left = parts();
                assertEquals(1, left.size(), left.toString());
                assertFalse(left.contains(dead.get(0)), "the dead writer's part went");
            }
            live.getOutputStream().write("the blob".getBytes(StandardCharsets.UTF_8));
        } finally {
            live.getOutputStream().close();
        }
        String stored = new String(live.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(live.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, live.exitValue());
        assertEquals(digestOf("the blob".getBytes(StandardCharsets.UTF_8)).toString(), stored);
        assertArrayEquals("the blob".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(s.path(Digest.parse(stored))));
        assertEquals(List.of(), parts());
    }

    @Test
    void aWriterEndedBySigtermDeletesItsOwnPart() throws Exception {
        Process ended = writerInsideItsWrite();
        // SIGTERM alone: Process.destroy() also closes the child's stdin, and a writer that read its end
        // first finished the blob and exited 0, with no part to leave (2 runs in 8 passed so, vacuously).
        assertTrue(ended.toHandle().destroy(), "SIGTERM: the JVM runs its shutdown hooks");
        assertTrue(ended.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(143, ended.exitValue(), "ended by the signal, inside its write");
        assertEquals(List.of(), parts(), "nothing swept it: the writer's own hook did");
    }
}
