package dev.hostvirt.engine.store;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

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

    public FileContentStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
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
        if (has(expected) && (expectedSize < 0 || Files.size(path(expected)) == expectedSize)) {
            // Already stored, and it was verified when it was written: layers are stored once.
            return path(expected);
        }
        Written w = stream(expected.javaAlgorithm(), expected.algorithm(), expectedSize, content);
        if (!w.digest().equals(expected)) {
            Files.deleteIfExists(w.temp());
            throw new HostvirtException(Text.of("engine.error.store.mismatch", expected, w.digest()), 125);
        }
        return publish(w);
    }

    /**
     * Stores content whose digest is not known in advance (a {@code docker save} layer.tar, a manifest
     * the importer writes itself) and returns the sha256 it was stored under.
     */
    public Digest put(InputStream content) throws IOException {
        Written w = stream("SHA-256", "sha256", -1, content);
        publish(w);
        return w.digest();
    }

    public Digest put(byte[] content) throws IOException {
        return put(new java.io.ByteArrayInputStream(content));
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

    /** Removes one blob; a no-op when absent. */
    public void delete(Digest digest) throws IOException {
        Files.deleteIfExists(path(digest));
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

    private Written stream(String javaAlg, String alg, long expectedSize, InputStream content) throws IOException {
        Path tmpDir = Files.createDirectories(root.resolve("tmp"));
        Path temp = Files.createTempFile(tmpDir, "blob-", ".part");
        MessageDigest md = messageDigest(javaAlg);
        long total = 0;
        boolean ok = false;
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = content.read(buf)) > 0) {
                total += n;
                if (expectedSize >= 0 && total > expectedSize) {
                    throw new HostvirtException(Text.of("engine.error.store.overSize", expectedSize), 125);
                }
                md.update(buf, 0, n);
                out.write(buf, 0, n);
            }
            if (expectedSize >= 0 && total != expectedSize) {
                throw new HostvirtException(Text.of("engine.error.store.sizeMismatch", total, expectedSize), 125);
            }
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(temp);
            }
        }
        return new Written(temp, Digest.ofRaw(alg, md.digest()), alg);
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

    private static MessageDigest messageDigest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
