package dev.hostvirt.engine.store;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine's blob store on disk: {@code <root>/blobs/<alg>/<hex>}, written through a temporary
 * file in {@code <root>/tmp} that is hashed while it streams and renamed into place only once the
 * digest (and size) match. rename(2) is atomic within one file system, so a reader never sees a
 * partial blob, and two writers of the same blob both succeed (the second rename replaces identical
 * bytes). The hex part of a digest is validated by {@link Digest} before it becomes a file name.
 */
public final class FileContentStore implements ContentStore {
    private static final int BUFFER = 256 * 1024;
    private final Path root;
    private final DiffIdRecords diffIds;
    /**
     * This store's writers at work and their one shared lock on {@code writers.lock}: POSIX locks
     * belong to the process, so its writers share one, and a clean-up in this process must not open
     * (and, closing it, release) that file while they work. Two stores on one directory used at once
     * inside one JVM (only tests could) would not see each other's writers.
     */
    private final Object writersGuard = new Object();
    private int writers;
    private FileChannel writersChannel;
    /** The names of the parts this store's writers hold: a sweep must not open them (POSIX locks). */
    private final Set<String> parts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FileContentStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.diffIds = new DiffIdRecords(this.root.resolve("diffids"));
    }

    /** What stored layer blobs were verified to uncompress to. */
    public DiffIdRecords diffIds() {
        return diffIds;
    }

    public Path root() {
        return root;
    }

    @Override
    public boolean has(Digest digest) {
        return Files.isRegularFile(path(digest), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public Path path(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    @Override
    public Path write(Digest expected, long expectedSize, InputStream content) throws IOException {
        if (complete(expected, expectedSize)) {
            // Already stored, and it was verified when it was written: layers are stored once.
            return path(expected);
        }
        store(expected.javaAlgorithm(), expected.algorithm(), expectedSize, from(content), expected);
        return path(expected);
    }

    /**
     * As {@link #write(Digest, long, InputStream)} from a file (an OCI layout's blob): its bytes go from
     * the kernel to libcrypto and back without a copy in the Java heap.
     */
    public Path write(Digest expected, long expectedSize, Path file) throws IOException {
        return write(expected, expectedSize, file, BytesRead.NONE);
    }

    /** As {@link #write(Digest, long, Path)}, telling {@code progress} of every read. */
    public Path write(Digest expected, long expectedSize, Path file, BytesRead progress) throws IOException {
        if (complete(expected, expectedSize)) {
            progress.add(Files.size(file));
            return path(expected);
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            Source counted = into -> {
                int n = in.read(into);
                if (n > 0) {
                    progress.add(n);
                }
                return n;
            };
            store(expected.javaAlgorithm(), expected.algorithm(), expectedSize, counted, expected);
            return path(expected);
        }
    }

    /**
     * Keeps what arrived of a blob in {@code <root>/tmp/<alg>-<hex>.partial} (a name no reader takes for
     * a blob), hashes it again on the next attempt and asks {@code source} only for the rest. A lock
     * file beside it serializes writers of the same blob, in this process and in others: the second
     * one finds the blob complete when it gets the lock. The partial file goes once the blob is stored; the
     * lock file stays (empty) for good: a writer waiting on a lock file that was unlinked would get it
     * while a later one locks a new file of the same name, and once the blob can disappear again (image
     * rm's clean-up) both would write the same partial file. Content that turns out wrong (too long, wrong
     * digest) is deleted with its partial file; a transfer that breaks keeps it.
     */
    @Override
    public Path writeResumable(Digest expected, long expectedSize, RangeSource source) throws IOException {
        if (complete(expected, expectedSize)) {
            return path(expected);
        }
        Path tmpDir = Files.createDirectories(root.resolve("tmp"));
        String name = expected.algorithm() + "-" + expected.hex();
        Path partial = tmpDir.resolve(name + ".partial");
        Path lockPath = tmpDir.resolve(name + ".lock");
        try (FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lock(lockFile)) {
            if (complete(expected, expectedSize)) {
                return path(expected);
            }
            MessageDigest md = digestFor(expected.javaAlgorithm(), expectedSize);
            long have = Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS) ? Files.size(partial) : 0;
            if (expectedSize >= 0 && have >= expectedSize) {
                have = 0;
            }
            if (have > 0) {
                hashPrefix(partial, have, md);
            }
            Ranged ranged = source.open(have);
            if (ranged.offset() != have) {
                // The source could not start later (a server that ignores Range sends it all): start over.
                md.reset();
                have = 0;
            }
            try (InputStream in = ranged.content();
                    FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.truncate(have);
                channel.position(have);
                copyHashing(from(in), channel, md, have, expectedSize);
            } catch (HostvirtException wrongSize) {
                Files.deleteIfExists(partial);
                throw wrongSize;
            }
            Digest actual = Digest.ofRaw(expected.algorithm(), md.digest());
            if (!actual.equals(expected)) {
                Files.deleteIfExists(partial);
                throw new HostvirtException(Text.of("engine.error.store.mismatch", expected, actual), 125);
            }
            return publish(new Written(partial, actual, expected.algorithm()));
        }
    }

    /**
     * Deletes what interrupted writes left in {@code tmp/} and nobody finished: a pull's kept
     * {@code .partial} last written before {@code cutoff} and not being written now (its lock is free),
     * and every {@code blob-*.part} whose writer died ({@link #sweepDeadParts}). Returns how many files went. Without this, a pull
     * that is never retried would keep its bytes for good. Lock files stay (empty): deleting one while
     * a writer waits on it would let a second writer lock a new one.
     */
    public int pruneTemporaries(Instant cutoff) throws IOException {
        Path tmpDir = root.resolve("tmp");
        if (!Files.isDirectory(tmpDir)) {
            return 0;
        }
        int removed = 0;
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir)) {
            files.forEach(entries::add);
        }
        for (Path f : entries) {
            String name = f.getFileName().toString();
            if (name.endsWith(".partial")) {
                removed += prunePartial(f, tmpDir.resolve(name.substring(0, name.length() - ".partial".length()) + ".lock"), cutoff);
            }
        }
        return removed + sweepDeadParts();
    }

    private static int prunePartial(Path partial, Path lockPath, Instant cutoff) throws IOException {
        if (!olderThan(partial, cutoff)) {
            return 0;
        }
        try (FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null || !olderThan(partial, cutoff)) {
                return 0; // a writer (in another process) holds it, or has just written to it
            }
            return Files.deleteIfExists(partial) ? 1 : 0;
        } catch (OverlappingFileLockException heldHere) {
            return 0; // a writer in this process holds it
        }
    }

    private static boolean olderThan(Path f, Instant cutoff) throws IOException {
        try {
            return Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    private boolean complete(Digest expected, long expectedSize) throws IOException {
        return has(expected) && (expectedSize < 0 || Files.size(path(expected)) == expectedSize);
    }

    /** Waits for the lock; a writer in this JVM holding it shows as an overlapping lock, not a wait. */
    private static FileLock lock(FileChannel channel) throws IOException {
        return waitFor(channel::tryLock, "another writer of the same blob");
    }

    private interface LockAttempt {
        FileLock tryLock() throws IOException;
    }

    private static FileLock waitFor(LockAttempt attempt, String whom) throws IOException {
        while (true) {
            try {
                FileLock lock = attempt.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException heldHere) {
                // another thread of this process holds it
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for " + whom);
            }
        }
    }

    private static void hashPrefix(Path file, long length, MessageDigest md) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            long left = length;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                md.update(buf, 0, n);
                left -= n;
            }
        }
    }

    /**
     * Stores content whose digest is not known in advance (a {@code docker save} layer.tar, a manifest
     * the importer writes itself) and returns the sha256 it was stored under.
     */
    public Digest put(InputStream content) throws IOException {
        return store("SHA-256", "sha256", -1, from(content), null);
    }

    /** As {@link #put(InputStream)}; the size being known, a small blob is hashed without loading JNA. */
    public Digest put(byte[] content) throws IOException {
        return store("SHA-256", "sha256", content.length, from(new java.io.ByteArrayInputStream(content)), null);
    }

    public byte[] read(Digest digest, int maxBytes) throws IOException {
        if (!has(digest)) {
            throw new HostvirtException(Text.of("engine.error.store.missing", digest), 125);
        }
        Path p = path(digest);
        if (Files.size(p) > maxBytes) {
            throw new HostvirtException(Text.of("engine.error.store.tooLarge", digest, maxBytes), 125);
        }
        return Files.readAllBytes(p);
    }

    public long size(Digest digest) throws IOException {
        return Files.size(path(digest));
    }

    /**
     * Claims the store for writing (a pull, an import): {@link #deleteAllBut} deletes nothing until the
     * claim is closed. Waits only while a clean-up is deleting.
     */
    @Override
    public Writing writing() throws IOException {
        synchronized (writersGuard) {
            if (writers == 0) {
                Files.createDirectories(root);
                FileChannel ch = FileChannel.open(root.resolve("writers.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.READ);
                try {
                    waitFor(() -> ch.tryLock(0, Long.MAX_VALUE, true), "a clean-up of the blob store");
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                writersChannel = ch;
            }
            writers++;
        }
        try {
            sweepDeadParts();
        } catch (IOException e) {
            // only housekeeping: the next claim or clean-up tries again
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                synchronized (writersGuard) {
                    if (--writers == 0) {
                        FileChannel ch = writersChannel;
                        writersChannel = null;
                        ch.close(); // releases the lock
                    }
                }
            }
        };
    }

    /**
     * Deletes every blob not in {@code keep}, unless a writer (of any process) holds a claim: then
     * nothing is deleted and the answer is false, since the blobs it stored are in no image yet.
     */
    public boolean deleteAllBut(Set<Digest> keep) throws IOException {
        return deleteUnclaimed(null, keep);
    }

    /**
     * As {@link #deleteAllBut}, among {@code candidates} only (null: every blob): a clean-up of what
     * one import stored leaves other unnamed blobs (an interrupted pull's complete layers) alone.
     */
    public boolean deleteUnclaimed(Set<Digest> candidates, Set<Digest> keep) throws IOException {
        synchronized (writersGuard) {
            if (writers > 0) {
                return false;
            }
            Files.createDirectories(root);
            try (FileChannel ch = FileChannel.open(root.resolve("writers.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException heldHere) {
                    return false;
                }
                if (lock == null) {
                    return false;
                }
                sweepDeadParts();
                for (Digest d : candidates == null ? list() : List.copyOf(candidates)) {
                    if (!keep.contains(d)) {
                        delete(d);
                    }
                }
                return true; // the lock goes with the channel
            }
        }
    }

    /** Removes one blob (and what it was verified to uncompress to); a no-op when absent. */
    public void delete(Digest digest) throws IOException {
        Files.deleteIfExists(path(digest));
        diffIds.forget(digest);
    }

    /** Every stored blob (temporary files are not listed). */
    public List<Digest> list() throws IOException {
        List<Digest> out = new ArrayList<>();
        Path blobs = root.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return out;
        }
        try (DirectoryStream<Path> algs = Files.newDirectoryStream(blobs)) {
            for (Path alg : algs) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(alg)) {
                    for (Path f : files) {
                        try {
                            out.add(new Digest(alg.getFileName().toString(), f.getFileName().toString()));
                        } catch (HostvirtException ignored) {
                            // not ours (a stray file): never treat it as a blob
                        }
                    }
                }
            }
        }
        return out;
    }

    private record Written(Path temp, Digest digest, String algorithm) {
    }

    /**
     * Streams {@code content} into a {@code tmp/blob-*.part} and publishes it once its digest is
     * {@code expected} (any, when null). The writer holds an exclusive lock on the part while it
     * exists, so {@link #sweepDeadParts} takes only the parts of writers that died (a SIGKILL runs no
     * finally); a shutdown hook deletes it on SIGTERM, SIGINT and SIGHUP, which end the JVM without
     * unwinding this thread. Five killed imports of a 275 MB archive stranded 731 MB for good.
     */
    private Digest store(String javaAlg, String alg, long expectedSize, Source content, Digest expected) throws IOException {
        Path tmpDir = Files.createDirectories(root.resolve("tmp"));
        while (true) {
            Path temp = Files.createTempFile(tmpDir, "blob-", ".part");
            String name = temp.getFileName().toString();
            parts.add(name);
            Thread onExit = new Thread(() -> deleteQuietly(temp));
            Runtime.getRuntime().addShutdownHook(onExit);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING); FileLock held = out.lock()) {
                if (!Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // a sweep took it between its creation and our lock: that inode is gone
                }
                boolean published = false;
                try {
                    MessageDigest md = digestFor(javaAlg, expectedSize);
                    copyHashing(content, out, md, 0, expectedSize);
                    Digest got = Digest.ofRaw(alg, md.digest());
                    if (expected != null && !got.equals(expected)) {
                        throw new HostvirtException(Text.of("engine.error.store.mismatch", expected, got), 125);
                    }
                    publish(new Written(temp, got, alg));
                    published = true;
                    return got;
                } finally {
                    if (!published) {
                        Files.deleteIfExists(temp); // still locked: no sweep has it meanwhile
                    }
                }
            } finally {
                parts.remove(name);
                try {
                    Runtime.getRuntime().removeShutdownHook(onExit);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs (or ran) anyway
                }
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the next sweep takes it
        }
    }

    /**
     * Deletes the {@code tmp/blob-*.part} files of writers that died (their lock is free); returns how
     * many went. Called when a pull or import claims the store and by every clean-up.
     */
    public int sweepDeadParts() throws IOException {
        Path tmpDir = root.resolve("tmp");
        if (!Files.isDirectory(tmpDir)) {
            return 0;
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir, "blob-*.part")) {
            files.forEach(found::add);
        }
        int removed = 0;
        for (Path f : found) {
            if (parts.contains(f.getFileName().toString())) {
                continue; // this process's own writer: even opening its part would release its lock (POSIX)
            }
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                    FileLock free = ch.tryLock()) {
                if (free != null && Files.deleteIfExists(f)) {
                    removed++;
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // published or deleted meanwhile
            } catch (OverlappingFileLockException heldHere) {
                // another store of this process writes it (only tests have two)
            }
        }
        return removed;
    }

    /**
     * Copies {@code in} to {@code out} while hashing, the blob's first {@code start} bytes being already
     * written and hashed; refuses more than {@code expectedSize} bytes (a hostile source cannot fill the
     * disk) and fewer at the end. An IOException from either side passes through untouched.
     */
    private static void copyHashing(Source in, FileChannel out, MessageDigest md, long start, long expectedSize)
            throws IOException {
        long total = start;
        // Direct: the kernel reads into it and writes from it, and libcrypto hashes it in place.
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        int n;
        while ((n = in.read(buf.clear())) > 0) { // nothing read from a full buffer: the end, as -1
            total += n;
            if (expectedSize >= 0 && total > expectedSize) {
                throw new HostvirtException(Text.of("engine.error.store.overSize", expectedSize), 125);
            }
            buf.flip();
            md.update(buf.duplicate());
            while (buf.hasRemaining()) {
                out.write(buf);
            }
        }
        if (expectedSize >= 0 && total != expectedSize) {
            throw new HostvirtException(Text.of("engine.error.store.sizeMismatch", total, expectedSize), 125);
        }
    }

    /** Fills a buffer from its position on; -1 at the end. */
    private interface Source {
        int read(ByteBuffer into) throws IOException;
    }

    private static Source from(InputStream in) {
        byte[] chunk = new byte[BUFFER];
        return into -> {
            int n = in.read(chunk, 0, Math.min(chunk.length, into.remaining()));
            if (n > 0) {
                into.put(chunk, 0, n);
            }
            return n;
        };
    }

    private Path publish(Written w) throws IOException {
        Path target = path(w.digest());
        Files.createDirectories(target.getParent());
        try {
            Files.move(w.temp(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(w.temp());
            throw new HostvirtException(Text.of("engine.error.store.fileSystems"), 125);
        }
        return target;
    }

    private static MessageDigest digestFor(String alg, long expectedSize) {
        return "SHA-256".equals(alg) ? Sha256.forSize(expectedSize) : messageDigest(alg);
    }

    private static MessageDigest messageDigest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
