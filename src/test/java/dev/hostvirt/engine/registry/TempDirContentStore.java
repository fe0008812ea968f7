package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.ContentStore;
import dev.hostvirt.engine.store.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Test scaffolding for the engine's real store (issue 6): {@code blobs/<alg>/<hex>}, written through
 * a temporary file in {@code tmp/} that is hashed while written and renamed into place only when the
 * digest and size match, so the tests can assert that a bad blob leaves nothing visible.
 */
final class TempDirContentStore implements ContentStore {
    private final Path root;
    /** Writing claims open now, and blobs written while none was (a clean-up could have taken them). */
    private final java.util.concurrent.atomic.AtomicInteger claims = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger unclaimedWrites = new java.util.concurrent.atomic.AtomicInteger();

    TempDirContentStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("tmp"));
            Files.createDirectories(root.resolve("blobs"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean has(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    @Override
    public Path path(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    @Override
    public Writing writing() {
        claims.incrementAndGet();
        return claims::decrementAndGet;
    }

    int openClaims() {
        return claims.get();
    }

    int unclaimedWrites() {
        return unclaimedWrites.get();
    }

    @Override
    public Path write(Digest expected, long expectedSize, InputStream content) throws IOException {
        if (claims.get() == 0) {
            unclaimedWrites.incrementAndGet();
        }
        Path target = path(expected);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(root.resolve("tmp"), expected.hex(), ".partial");
        try {
            MessageDigest md = MessageDigest.getInstance(expected.javaAlgorithm());
            long size = 0;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                byte[] buf = new byte[64 << 10];
                for (int n; (n = content.read(buf)) >= 0;) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                    size += n;
                }
                if (System.getenv("NOFSYNC") == null) ch.force(true);
            }
            Digest actual = new Digest(expected.algorithm(), HexFormat.of().formatHex(md.digest()));
            if (!actual.equals(expected) || (expectedSize >= 0 && size != expectedSize)) {
                throw new HostvirtException("blob does not match: expected " + expected + " (" + expectedSize
                        + " bytes), got " + actual + " (" + size + " bytes)", 125);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Every complete blob, as digests. */
    List<String> blobs() throws IOException {
        try (Stream<Path> s = Files.walk(root.resolve("blobs"))) {
            return s.filter(Files::isRegularFile)
                    .map(p -> p.getParent().getFileName() + ":" + p.getFileName())
                    .sorted().collect(Collectors.toList());
        }
    }

    /** Temporary files still present (a write in progress or a leak). */
    List<Path> partials() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
            return s.collect(Collectors.toList());
        }
    }

    /** Re-hashes every blob: the test's proof that nothing stored is corrupt. */
    void verifyAll() throws IOException {
        for (String d : blobs()) {
            Digest digest = Digest.parse(d);
            try {
                byte[] h = MessageDigest.getInstance(digest.javaAlgorithm()).digest(Files.readAllBytes(path(digest)));
                if (!HexFormat.of().formatHex(h).equals(digest.hex())) {
                    throw new AssertionError("corrupt blob in store: " + d);
                }
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
