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
 * stops the reader. Chunk buffers go back to the reader once read (at most {@code chunksAhead + 2}
 * exist): a new array per chunk, zeroed and filled through readNBytes's own buffers, cost an unpack
 * of 95 MB ~190 MB of allocation and two extra copies.
 */
public final class ReadAheadInputStream extends InputStream {
    private static final Object END = new Object();
    private final BlockingQueue<Object> chunks;
    private final BlockingQueue<byte[]> free;
    private final Thread reader;
    private byte[] current = new byte[0];
    private int length;
    private int pos;
    private boolean done;
    private volatile boolean closed;

    public ReadAheadInputStream(InputStream source, int chunkSize, int chunksAhead) {
        this.chunks = new ArrayBlockingQueue<>(chunksAhead);
        this.free = new ArrayBlockingQueue<>(chunksAhead + 2);
        this.reader = new Thread(() -> pump(source, chunkSize), "layer-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(InputStream source, int chunkSize) {
        Object last = END;
        try (InputStream in = source) {
            while (!closed) {
                byte[] reused = free.poll();
                byte[] buf = reused != null ? reused : new byte[chunkSize];
                int n = in.readNBytes(buf, 0, chunkSize);
                if (n == 0) {
                    break;
                }
                offer(new Chunk(buf, n));
            }
        } catch (InterruptedException e) {
            return;
        } catch (IOException | RuntimeException | Error e) {
            last = e; // an Error too: a reader that dies silently would leave the consumer waiting for good
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

    private record Chunk(byte[] data, int length) {
    }

    private boolean fill() throws IOException {
        while (pos >= length) {
            if (done) {
                return false;
            }
            if (closed) {
                throw new IOException("read after close"); // the reader has stopped: take() would wait for good
            }
            if (current.length > 0) {
                free.offer(current); // never full: at most chunksAhead + 2 buffers exist
                current = new byte[0];
                length = 0;
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
            if (next instanceof Error e) {
                done = true;
                throw e;
            }
            Chunk chunk = (Chunk) next;
            current = chunk.data();
            length = chunk.length();
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
        int n = Math.min(len, length - pos);
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
