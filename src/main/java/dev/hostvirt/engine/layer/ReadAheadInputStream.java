package dev.hostvirt.engine.layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a source stream on its own thread, a bounded number of chunks ahead of the consumer. Used to
 * decompress a layer while the applier writes files: GNU {@code tar -xzf} gets the same overlap by
 * running gzip as a second process. The source's exceptions reach the consumer; closing the consumer
 * stops the reader.
 */
public final class ReadAheadInputStream extends InputStream {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<Object> chunks;
    private final Thread reader;
    private byte[] current = new byte[0];
    private int pos;
    private boolean done;
    private volatile boolean closed;

    public ReadAheadInputStream(InputStream source, int chunkSize, int chunksAhead) {
        this.chunks = new ArrayBlockingQueue<>(chunksAhead);
        this.reader = new Thread(() -> pump(source, chunkSize), "layer-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(InputStream source, int chunkSize) {
        Object last = END;
        try (InputStream in = source) {
            while (!closed) {
                byte[] buf = in.readNBytes(chunkSize);
                if (buf.length == 0) {
                    break;
                }
                offer(buf);
            }
        } catch (IOException | RuntimeException e) {
            last = e;
        } catch (InterruptedException e) {
            return;
        }
        try {
            offer(last);
        } catch (InterruptedException e) {
            // the consumer closed: nobody is waiting for the end
        }
    }

    private void offer(Object item) throws InterruptedException {
        while (!closed && !chunks.offer(item, 100, TimeUnit.MILLISECONDS)) {
            // wait for room, or for close()
        }
    }

    private boolean fill() throws IOException {
        while (pos >= current.length) {
            if (done) {
                return false;
            }
            Object next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading a layer", e);
            }
            if (next == END) {
                done = true;
                return false;
            }
            if (next instanceof IOException e) {
                done = true;
                throw new IOException(e.getMessage(), e);
            }
            if (next instanceof RuntimeException e) {
                done = true;
                throw e;
            }
            current = (byte[]) next;
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        chunks.clear();
    }
}
