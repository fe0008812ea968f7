package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * Counts a blob while the store reads it: stops a registry that sends more than the manifest
 * declared (so a hostile server cannot fill the disk), reports a connection that closes early as a
 * transport failure (before the store could make the blob visible), reports progress, and stops
 * when the pull is cancelled. The digest itself is checked by {@link dev.hostvirt.engine.store.ContentStore#write},
 * whose contract is to hash while writing and name both digests; hashing here as well cost a second
 * SHA-256 pass over every byte (~70 ms per 100 MB here) for no added safety.
 */
final class VerifyingInputStream extends FilterInputStream {
    /** The connection closed before the declared size: an EOF whose reason is a sentence in the user's language. */
    static final class Truncated extends EOFException {
        private static final long serialVersionUID = 1L;
        final transient Text text;

        Truncated(Text text) {
            super(Messages.forLocale(Messages.ENGLISH).render(text));
            this.text = text;
        }
    }

    private final Descriptor blob;
    private final String source;
    private final PullListener listener;
    private long count;

    VerifyingInputStream(InputStream in, Descriptor blob, String source, PullListener listener) {
        this(in, blob, source, listener, 0);
    }

    /** The blob from byte {@code start} on (a resumed transfer): counts and reports whole-blob positions. */
    VerifyingInputStream(InputStream in, Descriptor blob, String source, PullListener listener, long start) {
        super(in);
        this.blob = blob;
        this.source = source;
        this.listener = listener;
        this.count = start;
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
            throw new InterruptedIOException("pull cancelled");
        }
        int n = super.read(b, off, len);
        if (n < 0) {
            if (count != blob.size()) {
                // A transport failure (connection closed early), not a lie about content: resumable.
                throw new Truncated(Text.of("pull.error.truncated", count, blob.size()));
            }
            return -1;
        }
        count += n;
        if (count > blob.size()) {
            throw new HostvirtException(Text.of("pull.error.blobTooLarge", blob.digest(), source, blob.size()), 125);
        }
        listener.blobProgress(blob, count);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would hide bytes from the store's hash.
        throw new IOException("skip is not supported while verifying a blob");
    }
}
