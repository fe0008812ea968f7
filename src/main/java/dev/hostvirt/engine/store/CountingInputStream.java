package dev.hostvirt.engine.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes reads through and tells {@link BytesRead} of each, for progress output. */
public final class CountingInputStream extends FilterInputStream {
    private final BytesRead progress;

    public CountingInputStream(InputStream in, BytesRead progress) {
        super(in);
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            progress.add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            progress.add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            progress.add(skipped);
        }
        return skipped;
    }
}
