package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashes and counts a blob while the store reads it, and fails the read at end of stream (before the
 * store could make the blob visible) when the digest or size is wrong. It also stops a registry that
 * sends more than the manifest announced, so a hostile server cannot fill the disk. The store checks
 * the digest too; this check keeps the pull safe whatever store it writes to, and names the registry.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Descriptor blob;
    private final String source;
    private final PullListener listener;
    private final MessageDigest hash;
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, Descriptor blob, String source, PullListener listener) {
        super(in);
        this.blob = blob;
        this.source = source;
        this.listener = listener;
        try {
            this.hash = MessageDigest.getInstance(blob.digest().javaAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.io.InterruptedIOException("pull cancelled");
        }
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        count += n;
        if (count > blob.size()) {
            throw new HostvirtException("blob " + blob.digest() + " from " + source + " is larger than the "
                    + blob.size() + " bytes its manifest declares; refusing it", 125);
        }
        hash.update(b, off, n);
        listener.blobProgress(blob, count);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would leave bytes unhashed.
        throw new IOException("skip is not supported while verifying a blob");
    }

    private void verify() throws IOException {
        if (verified) {
            return;
        }
        if (count != blob.size()) {
            // A transport failure (connection closed early), not a lie about content: resumable.
            throw new java.io.EOFException("the connection closed after " + count + " of " + blob.size() + " bytes");
        }
        Digest actual = new Digest(blob.digest().algorithm(), hex(hash.digest()));
        if (!actual.equals(blob.digest())) {
            throw new HostvirtException("blob from " + source + " does not match its digest: expected "
                    + blob.digest() + ", got " + actual + "; nothing was stored", 125);
        }
        verified = true;
    }

    private static String hex(byte[] raw) {
        StringBuilder sb = new StringBuilder(raw.length * 2);
        for (byte x : raw) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
